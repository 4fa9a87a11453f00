using System.Reflection;
using System.Runtime.Loader;

namespace DtSmdrl.Plugins.Loading;

/// <summary>
/// The load context of one external plugin. The plugin's own dependencies resolve from its folder (through its
/// .deps.json when present); the shared assemblies below and every framework assembly come from the host's
/// default context, so a plugin's <c>IRiskMeasure</c> is the host's <c>IRiskMeasure</c>.
/// Shared: DtSmdrl.Plugins (the contracts), DtSmdrl.Pipeline, and the Microsoft.Extensions, Microsoft.ML and
/// TorchSharp families that appear in the Pipeline's public types. Only files of the plugin's
/// <see cref="VerifiedPluginFiles"/> load, managed ones from the bytes that were hashed.
/// </summary>
public sealed class PluginLoadContext : AssemblyLoadContext
{
    private static readonly string[] SharedNames = ["DtSmdrl.Plugins", "DtSmdrl.Pipeline"];
    private static readonly string[] SharedPrefixes = ["Microsoft.Extensions.", "Microsoft.ML", "TorchSharp"];

    private readonly AssemblyDependencyResolver resolver;
    private readonly VerifiedPluginFiles files;

    /// <summary>A context for the plugin whose main assembly is <paramref name="assemblyPath"/>, loading only <paramref name="files"/>.</summary>
    public PluginLoadContext(string pluginName, string assemblyPath, VerifiedPluginFiles files) : base($"plugin:{pluginName}", isCollectible: false)
    {
        AssemblyPath = assemblyPath;
        this.files = files;
        resolver = new AssemblyDependencyResolver(assemblyPath);
    }

    /// <summary>Loads the plugin's main assembly from its verified bytes.</summary>
    public Assembly LoadMain() => LoadVerified(AssemblyPath);

    /// <summary>The plugin's main assembly.</summary>
    public string AssemblyPath { get; }

    /// <summary>True for assemblies that always come from the host.</summary>
    public static bool IsShared(AssemblyName name)
    {
        var simple = name.Name ?? "";
        return SharedNames.Contains(simple, StringComparer.Ordinal)
            || SharedPrefixes.Any(p => simple.StartsWith(p, StringComparison.Ordinal));
    }

    /// <inheritdoc/>
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (IsShared(assemblyName))
            return null;
        var path = resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadVerified(path);
    }

    /// <inheritdoc/>
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        if (path is null) return IntPtr.Zero;
        if (!files.IsVerifiedNative(path))
            throw new DllNotFoundException($"'{path}' is not a verified file of plugin folder '{files.Folder}' (or it changed after the check).");
        return LoadUnmanagedDllFromPath(path);
    }

    private Assembly LoadVerified(string path)
    {
        var bytes = files.Assembly(path)
            ?? throw new FileLoadException($"'{path}' is not a verified file of plugin folder '{files.Folder}'.");
        using var stream = new MemoryStream(bytes, writable: false);
        return LoadFromStream(stream);
    }
}
