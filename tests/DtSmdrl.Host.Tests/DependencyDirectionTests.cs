using System.Reflection;

namespace DtSmdrl.Host.Tests;

/// <summary>Dependencies point Host -> Plugins -> Pipeline, never back.</summary>
[TestClass]
public sealed class DependencyDirectionTests
{
    private static List<string?> ReferencesOf(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

    [TestMethod]
    public void PipelineReferencesNeitherPluginsNorHost()
    {
        var references = ReferencesOf(typeof(DtSmdrl.Pipeline.Diagnostics.SmokeChecks).Assembly);
        CollectionAssert.DoesNotContain(references, "DtSmdrl.Plugins");
        CollectionAssert.DoesNotContain(references, "dtsmdrl");
    }

    [TestMethod]
    public void OnlyTheHostKnowsOrleans()
    {
        foreach (var assembly in new[] { typeof(DtSmdrl.Pipeline.Diagnostics.SmokeChecks).Assembly, typeof(DtSmdrl.Plugins.Loading.PluginLoader).Assembly })
            Assert.IsFalse(ReferencesOf(assembly).Any(r => r!.StartsWith("Orleans", StringComparison.Ordinal)), $"{assembly.GetName().Name} references Orleans");
        Assert.IsTrue(ReferencesOf(typeof(DtSmdrl.Host.Cluster.PatientTwinGrain).Assembly).Any(r => r!.StartsWith("Orleans", StringComparison.Ordinal)));
    }
}
