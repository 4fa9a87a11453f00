using System.Diagnostics;

namespace DtSmdrl.Plugins.Tests.Causal;

/// <summary>
/// Finds the project's shared real data: <c>&lt;ancestor&gt;/shared/data/FILE</c> for every ancestor of the
/// test's base directory (sessions: repo /work/main, data /work/shared/data; CI: a copy of shared/ beside
/// the clone), or the folder in DTSMDRL_SHARED_DATA. Fails loudly when absent: never a silent skip.
/// </summary>
internal static class SharedData
{
    public const string Variable = "DTSMDRL_SHARED_DATA";

    public static string Find(string fileName)
    {
        var tried = new List<string>();
        var fromEnvironment = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            var candidate = Path.Combine(fromEnvironment, fileName);
            if (File.Exists(candidate)) return candidate;
            tried.Add(candidate);
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", fileName);
            if (File.Exists(candidate)) return candidate;
            tried.Add(candidate);
        }
        Assert.Fail($"Shared data file '{fileName}' not found. Put the project's shared/data folder beside the repository (any ancestor of {AppContext.BaseDirectory}) or set {Variable} to the folder holding it. Tried: {string.Join("; ", tried)}");
        throw new UnreachableException();
    }
}
