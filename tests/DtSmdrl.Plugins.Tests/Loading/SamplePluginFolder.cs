using DtSmdrl.Plugins.Loading;

namespace DtSmdrl.Plugins.Tests.Loading;

/// <summary>
/// A temporary plugin root holding copies of the sample plugin (tests/DtSmdrl.SamplePlugin, copied beside the
/// tests by the build) with manifests; deleted on dispose.
/// </summary>
internal sealed class SamplePluginFolder : IDisposable
{
    public const string AssemblyFile = "DtSmdrl.SamplePlugin.dll";

    public SamplePluginFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "dtsmdrl-plugins-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public static string BuiltSample => Path.Combine(AppContext.BaseDirectory, "sample-plugin", AssemblyFile);

    /// <summary>The registry of the built-ins and, with a folder, of its plugins allowed under the name "sample".</summary>
    public static PluginRegistry Registry(SamplePluginFolder? folder = null) => new PluginLoader(folder is null
        ? new PluginOptions()
        : new PluginOptions { Folders = [folder.Root], Allowed = [Pin("sample")] }, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).Load();

    /// <summary>An allow-list entry pinning <paramref name="sha256"/> (default: the hash of the sample as built).</summary>
    public static AllowedPlugin Pin(string name, string? sha256 = null) => new() { Name = name, Sha256 = sha256 ?? PluginLoader.Sha256Of(BuiltSample) };

    /// <summary>Copies the sample into Root/folder with a manifest whose hash is that of the copied file (before any tampering).</summary>
    public string Add(string folder, string name, string contractVersion = "1.0", Action<string>? tamper = null)
    {
        Assert.IsTrue(File.Exists(BuiltSample), $"the sample plugin was not built next to the tests: {BuiltSample}");
        var directory = Path.Combine(Root, folder);
        Directory.CreateDirectory(directory);
        var assembly = Path.Combine(directory, AssemblyFile);
        File.Copy(BuiltSample, assembly);
        new PluginManifest(name, "0.1.0", contractVersion, AssemblyFile, PluginLoader.Sha256Of(assembly)).Write(Path.Combine(directory, PluginManifest.FileName));
        tamper?.Invoke(assembly);
        return directory;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
