using System.CommandLine;

namespace DtSmdrl.Host.Cli;

/// <summary>Options several verbs share, so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<int> Seed(int defaultValue = 1) => new("--seed")
    {
        Description = "Master seed: the same seed gives the same numbers",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<int> Threads() => new("--threads")
    {
        Description = "Worker threads (results do not depend on it); default: all cores",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    public static Option<string> Out(string defaultValue) => new("--out")
    {
        Description = "Output folder",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<bool> Quiet() => new("--quiet")
    {
        Description = "No progress bars",
    };
}
