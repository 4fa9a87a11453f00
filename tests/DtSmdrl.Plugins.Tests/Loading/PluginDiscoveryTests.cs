using System.Runtime.Loader;
using DtSmdrl.Plugins.BuiltIn.Safety;
using DtSmdrl.Plugins.Contracts.Causal;
using DtSmdrl.Plugins.Contracts.Safety;
using DtSmdrl.Plugins.Loading;
using Microsoft.Extensions.Logging;

namespace DtSmdrl.Plugins.Tests.Loading;

[TestClass]
public sealed class PluginDiscoveryTests
{
    private static (PluginRegistry Registry, RecordingLogger Log) Discover(SamplePluginFolder? folder, params string[] allowed) =>
        Discover(folder, allowed.Select(a => SamplePluginFolder.Pin(a)).ToArray());

    private static (PluginRegistry Registry, RecordingLogger Log) Discover(SamplePluginFolder? folder, params AllowedPlugin[] allowed)
    {
        var log = new RecordingLogger();
        var options = new PluginOptions { Folders = folder is null ? [] : [folder.Root], Allowed = [.. allowed] };
        return (new PluginLoader(options, log).Load(), log);
    }

    [TestMethod]
    public void BuiltInsRegisterThroughTheSamePath()
    {
        var (registry, log) = Discover(null, Array.Empty<string>());
        Assert.IsTrue(registry.Entries.All(e => e.Loaded && e.Source == PluginEntry.BuiltInSource), string.Join("; ", registry.Entries.Select(e => e.Status)));
        Assert.IsInstanceOfType<CvarRiskMeasure>(registry.Get<IRiskMeasure>("cvar"));
        Assert.IsInstanceOfType<MeanRiskMeasure>(registry.Get<IRiskMeasure>("mean"));
        Assert.IsInstanceOfType<ThresholdActionShield>(registry.Get<IActionShield>("threshold"));
        Assert.IsInstanceOfType<ToxicityConstraintCost>(registry.Get<IConstraintCost>("toxicity"));
        var estimator = registry.All<ICausalEffectEstimator>().Single();
        Assert.AreSame<object>(estimator, registry.All<IConditionalEffectEstimator>().Single(), "one instance per type, registered under each contract it implements");
        Assert.AreEqual("safety", registry.Entries.Single(e => e.Name == "cvar").Kind);
        Assert.AreEqual(SafetyContract.Version, registry.Entries.Single(e => e.Name == "cvar").ContractVersion);
        Assert.IsTrue(log.Messages.Any(m => m.Level == LogLevel.Information && m.Message.Contains("'cvar'")), "each registration is logged");
        var missing = Assert.ThrowsExactly<KeyNotFoundException>(() => registry.Get<IRiskMeasure>("nope"));
        StringAssert.Contains(missing.Message, "'cvar'");
    }

    [TestMethod]
    public void LoadsAValidPluginAndSurvivesItsThrowingTypes()
    {
        using var folder = new SamplePluginFolder();
        folder.Add("sample", "sample-risk");
        var (registry, log) = Discover(folder, "sample-risk");

        var worst = registry.Get<IRiskMeasure>("worst-case");
        Assert.AreEqual(7.0, worst.Measure(new RiskSample([1.0, 7.0, 3.0])));
        var row = registry.Entries.Single(e => e.Name == "worst-case");
        Assert.AreEqual(("sample-risk", "0.1.0", "1.0", "safety"), (row.Plugin, row.Version, row.ContractVersion, row.Kind));
        Assert.AreEqual(Path.Combine(folder.Root, "sample"), row.Source);

        var constructor = registry.Entries.Single(e => e.Name == "ThrowingConstructorRiskMeasure");
        Assert.IsFalse(constructor.Loaded);
        StringAssert.Contains(constructor.Reason, "constructor threw InvalidOperationException: sample plugin failure in the constructor");
        var name = registry.Entries.Single(e => e.Name == "ThrowingNameRiskMeasure");
        Assert.IsFalse(name.Loaded);
        StringAssert.Contains(name.Reason, "Name threw InvalidOperationException");
        var impostor = registry.Entries.Single(e => e.Name == "cvar" && e.Plugin == "sample-risk");
        Assert.IsFalse(impostor.Loaded);
        StringAssert.Contains(impostor.Reason, "already registered by plugin 'built-in'");
        Assert.IsInstanceOfType<CvarRiskMeasure>(registry.Get<IRiskMeasure>("cvar"), "a plugin cannot take a built-in's name");
        Assert.AreEqual(3, log.Messages.Count(m => m.Level == LogLevel.Warning), "each refusal is logged as a warning");
    }

    [TestMethod]
    public void RefusesATamperedAssembly()
    {
        using var folder = new SamplePluginFolder();
        folder.Add("sample", "sample-risk", tamper: path => File.AppendAllText(path, "x"));
        var (registry, log) = Discover(folder, "sample-risk");
        var refused = registry.Entries.Single(e => e.Plugin == "sample-risk");
        Assert.IsFalse(refused.Loaded);
        StringAssert.Contains(refused.Reason, "SHA-256 mismatch");
        Assert.IsFalse(registry.Entries.Any(e => e.Name == "worst-case"));
        Assert.IsTrue(log.Messages.Any(m => m.Level == LogLevel.Warning && m.Message.Contains("SHA-256 mismatch")));
    }

    [TestMethod]
    public void RefusesAnUnlistedPluginAndAnIncompatibleContract()
    {
        using var folder = new SamplePluginFolder();
        folder.Add("a", "not-listed");
        folder.Add("b", "future", contractVersion: "2.0");
        var (registry, _) = Discover(folder, "future");
        var unlisted = registry.Entries.Single(e => e.Plugin == "not-listed");
        Assert.IsFalse(unlisted.Loaded);
        StringAssert.Contains(unlisted.Reason, "'not-listed' is not in Plugins:Allowed");
        var future = registry.Entries.Single(e => e.Plugin == "future");
        Assert.IsFalse(future.Loaded);
        StringAssert.Contains(future.Reason, "major versions differ");
        Assert.IsFalse(registry.Entries.Any(e => e.Name == "worst-case"));
    }

    [TestMethod]
    public void RefusesBadManifestsAndNonAssemblies()
    {
        using var folder = new SamplePluginFolder();
        var broken = Path.Combine(folder.Root, "broken");
        Directory.CreateDirectory(broken);
        File.WriteAllText(Path.Combine(broken, PluginManifest.FileName), """{ "name": "broken", "version": "1" }""");
        var garbage = Path.Combine(folder.Root, "garbage");
        Directory.CreateDirectory(garbage);
        File.WriteAllText(Path.Combine(garbage, "Garbage.dll"), "not a PE file");
        new PluginManifest("garbage", "1", "1.0", "Garbage.dll", PluginLoader.Sha256Of(Path.Combine(garbage, "Garbage.dll")))
            .Write(Path.Combine(garbage, PluginManifest.FileName));
        var (registry, _) = Discover(folder, SamplePluginFolder.Pin("broken"), SamplePluginFolder.Pin("garbage", PluginLoader.Sha256Of(Path.Combine(garbage, "Garbage.dll"))));
        StringAssert.Contains(registry.Entries.Single(e => e.Plugin == "broken").Reason, "field 'contractVersion' is missing");
        StringAssert.Contains(registry.Entries.Single(e => e.Plugin == "garbage").Reason, "assembly could not be loaded");
        Assert.IsTrue(registry.Entries.Where(e => e.Source == PluginEntry.BuiltInSource).All(e => e.Loaded), "the built-ins still load");
    }

    [TestMethod]
    public void PluginLoadsInItsOwnContextAndSharesTheContracts()
    {
        using var folder = new SamplePluginFolder();
        folder.Add("sample", "sample-risk");
        var (first, _) = Discover(folder, "sample-risk");
        var (second, _) = Discover(folder, "sample-risk");
        var a = first.Get<IRiskMeasure>("worst-case");
        var b = second.Get<IRiskMeasure>("worst-case");

        var context = AssemblyLoadContext.GetLoadContext(a.GetType().Assembly);
        Assert.IsInstanceOfType<PluginLoadContext>(context);
        Assert.AreEqual("plugin:sample-risk", context!.Name);
        Assert.AreNotSame(AssemblyLoadContext.Default, context);
        Assert.AreNotSame(a.GetType(), b.GetType(), "each discovery gives the plugin its own context");
        Assert.AreSame(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(typeof(IRiskMeasure).Assembly));
        CollectionAssert.Contains(a.GetType().GetInterfaces(), typeof(IRiskMeasure), "the plugin implements the host's contract type");
        Assert.IsFalse(AssemblyLoadContext.Default.Assemblies.Any(x => x.GetName().Name == "DtSmdrl.SamplePlugin"), "the plugin never enters the default context");
    }
}
