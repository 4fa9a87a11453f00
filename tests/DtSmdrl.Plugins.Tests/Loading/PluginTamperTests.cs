using System.Collections.Concurrent;
using System.Text;
using DtSmdrl.Plugins.Contracts.Safety;
using DtSmdrl.Plugins.Loading;

namespace DtSmdrl.Plugins.Tests.Loading;

/// <summary>
/// The operator's pin decides, not the plugin folder: a patched assembly with a re-hashed manifest, a symbolic link
/// out of the folder and an unpinned private dependency are refused, and none of their code runs.
/// </summary>
[TestClass]
public sealed class PluginTamperTests
{
    /// <summary>Where the sample plugin's module initialiser and constructors record that they ran (see DtSmdrl.SamplePlugin.CodeRan).</summary>
    private static readonly ConcurrentQueue<string> CodeRan = Install();

    private static ConcurrentQueue<string> Install()
    {
        const string key = "DtSmdrl.SamplePlugin.CodeRan";
        if (AppContext.GetData(key) is not ConcurrentQueue<string> queue)
        {
            queue = new ConcurrentQueue<string>();
            AppContext.SetData(key, queue);
        }
        return queue;
    }

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    private static PluginRegistry Discover(SamplePluginFolder folder, params AllowedPlugin[] allowed) =>
        new PluginLoader(new PluginOptions { Folders = [folder.Root], Allowed = [.. allowed] }, new RecordingLogger()).Load();

    private static string[] RanIn(string plugin) => CodeRan.Where(c => c.StartsWith($"plugin:{plugin} ", StringComparison.Ordinal)).ToArray();

    /// <summary>Changes the UTF-16 literal "worst-case" to "worst-casX" (a valid assembly with different code) and re-hashes the manifest.</summary>
    private static void PatchAndRehash(string assembly)
    {
        var bytes = File.ReadAllBytes(assembly);
        var literal = Encoding.Unicode.GetBytes("worst-case");
        var at = bytes.AsSpan().IndexOf(literal);
        Assert.IsGreaterThanOrEqualTo(0, at, "the sample's Name literal");
        Encoding.Unicode.GetBytes("X").CopyTo(bytes, at + literal.Length - 2);
        File.WriteAllBytes(assembly, bytes);
        var manifestPath = Path.Combine(Path.GetDirectoryName(assembly)!, PluginManifest.FileName);
        (PluginManifest.Read(manifestPath) with { Sha256 = PluginLoader.Sha256Of(assembly) }).Write(manifestPath);
    }

    [TestMethod]
    public void APatchedAssemblyWithARehashedManifestIsRefusedAndNoneOfItsCodeRuns()
    {
        using var folder = new SamplePluginFolder();
        var name = UniqueName("patched");
        var directory = folder.Add("patched", name, tamper: PatchAndRehash);
        var patchedHash = PluginLoader.Sha256Of(Path.Combine(directory, SamplePluginFolder.AssemblyFile));

        var refused = Discover(folder, SamplePluginFolder.Pin(name)).Entries.Single(e => e.Plugin == name);
        Assert.IsFalse(refused.Loaded);
        StringAssert.Contains(refused.Reason, $"SHA-256 mismatch for '{SamplePluginFolder.AssemblyFile}': Plugins:Allowed pins");
        Assert.IsEmpty(RanIn(name), "no module initialiser, static or instance constructor of a refused plugin ran");

        // The control: the same bytes pinned by the operator load, and then their code does run.
        var accepted = Discover(folder, SamplePluginFolder.Pin(name, patchedHash));
        Assert.AreEqual("worst-casX", accepted.Get<IRiskMeasure>("worst-casX").Name);
        CollectionAssert.IsSubsetOf(new[] { $"plugin:{name} module initialiser", $"plugin:{name} constructor" }, RanIn(name));
    }

    [TestMethod]
    public void ASymlinkedAssemblyOutsideThePluginFolderIsRefused()
    {
        using var folder = new SamplePluginFolder();
        var name = UniqueName("linked");
        var directory = folder.Add("linked", name);
        var assembly = Path.Combine(directory, SamplePluginFolder.AssemblyFile);
        File.Delete(assembly);
        File.CreateSymbolicLink(assembly, SamplePluginFolder.BuiltSample);
        Assert.AreEqual(PluginLoader.Sha256Of(SamplePluginFolder.BuiltSample), PluginLoader.Sha256Of(assembly), "the link's target has the pinned content");

        var refused = Discover(folder, SamplePluginFolder.Pin(name)).Entries.Single(e => e.Plugin == name);
        Assert.IsFalse(refused.Loaded);
        StringAssert.Contains(refused.Reason, $"'{SamplePluginFolder.AssemblyFile}' is a symbolic link to '{SamplePluginFolder.BuiltSample}', which resolves outside the plugin folder");
        Assert.IsEmpty(RanIn(name));

        // A linked folder of code outside the plugin folder is refused the same way.
        var outside = Path.Combine(folder.Root, "elsewhere");
        Directory.CreateDirectory(outside);
        var other = UniqueName("linkdir");
        var second = folder.Add("linkdir", other);
        Directory.CreateSymbolicLink(Path.Combine(second, "lib"), outside);
        StringAssert.Contains(Discover(folder, SamplePluginFolder.Pin(other)).Entries.Single(e => e.Plugin == other).Reason, "'lib' is a symbolic link");
    }

    [TestMethod]
    public void EveryCodeFileInTheFolderMustBePinned()
    {
        using var folder = new SamplePluginFolder();
        var name = UniqueName("helper");
        var directory = folder.Add("helper", name);
        var helper = Path.Combine(directory, "Private.Helper.dll");
        File.WriteAllText(helper, "a private dependency");

        var refused = Discover(folder, SamplePluginFolder.Pin(name)).Entries.Single(e => e.Plugin == name);
        Assert.IsFalse(refused.Loaded);
        StringAssert.Contains(refused.Reason, "'Private.Helper.dll' in the plugin folder is not pinned in Plugins:Allowed");
        Assert.IsEmpty(RanIn(name));

        var pinned = SamplePluginFolder.Pin(name);
        pinned.Dependencies["Private.Helper.dll"] = new string('0', 64);
        StringAssert.Contains(Discover(folder, pinned).Entries.Single(e => e.Plugin == name).Reason, "SHA-256 mismatch for 'Private.Helper.dll'");

        pinned.Dependencies["Private.Helper.dll"] = PluginLoader.Sha256Of(helper);
        Assert.AreEqual("worst-case", Discover(folder, pinned).Get<IRiskMeasure>("worst-case").Name, "pinned: loads");

        pinned.Dependencies["Missing.dll"] = new string('0', 64);
        StringAssert.Contains(Discover(folder, pinned).Entries.Single(e => e.Plugin == name).Reason, "pinned dependency 'Missing.dll' not found");
    }
}
