using System.Diagnostics;

namespace DtSmdrl.Plugins.Tests.Causal;

/// <summary>
/// Finds the project's shared real data: <c>&lt;ancestor&gt;/shared/data/FILE</c> for every ancestor of the
/// test's base directory (sessions: repo /work/main, data /work/shared/data; CI: a copy of shared/ beside
/// the clone), the same for every ancestor of the folder a local clone was made from (its origin, e.g.
/// `git clone . /tmp/x`), or the folder in DTSMDRL_SHARED_DATA. Fails loudly when absent: never a silent skip.
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
        foreach (var start in new[] { AppContext.BaseDirectory, LocalOrigin() })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", fileName);
                if (File.Exists(candidate)) return candidate;
                tried.Add(candidate);
            }
        }
        Assert.Fail($"Shared data file '{fileName}' not found. Put the project's shared/data folder beside the repository (any ancestor of {AppContext.BaseDirectory}) or set {Variable} to the folder holding it. Tried: {string.Join("; ", tried)}");
        throw new UnreachableException();
    }

    // The origin of the clone the tests run in, when it is a folder on this machine (read from .git/config).
    private static string? LocalOrigin()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var config = Path.Combine(dir.FullName, ".git", "config");
            if (!File.Exists(config)) continue;
            var inOrigin = false;
            foreach (var raw in File.ReadLines(config))
            {
                var line = raw.Trim();
                if (line.StartsWith('[')) inOrigin = line == "[remote \"origin\"]";
                else if (inOrigin && line.StartsWith("url", StringComparison.Ordinal) && line.Split('=', 2) is [_, var url])
                    return Directory.Exists(url.Trim()) ? Path.GetFullPath(url.Trim()) : null;
            }
            return null;
        }
        return null;
    }
}
