using System.Reflection;

namespace DtSmdrl.Pipeline.Provenance;

/// <summary>Versions of this build and of the packages whose numbers a result depends on.</summary>
public static class BuildInfo
{
    /// <summary>The git commit this assembly was built from ("unknown" outside a git checkout).</summary>
    public static string GitCommit =>
        typeof(BuildInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "GitCommit")?.Value is { Length: > 0 } commit ? commit : "unknown";

    /// <summary>Package name to informational version for the packages that shape results.</summary>
    public static IReadOnlyDictionary<string, string> PackageVersions => new SortedDictionary<string, string>
    {
        ["DtSmdrl"] = VersionOf(typeof(BuildInfo).Assembly),
        [".NET"] = Environment.Version.ToString(),
        ["Microsoft.ML"] = VersionOf(typeof(Microsoft.ML.MLContext).Assembly),
        ["TorchSharp"] = VersionOf(typeof(TorchSharp.torch).Assembly),
    };

    private static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? assembly.GetName().Version?.ToString() ?? "unknown";
}
