namespace DtSmdrl.Plugins.Tests;

/// <summary>Dependencies point Host -> Plugins -> Pipeline, never back.</summary>
[TestClass]
public sealed class DependencyDirectionTests
{
    [TestMethod]
    public void PluginsReferencesPipelineButNotHost()
    {
        var references = typeof(DtSmdrl.Plugins.PluginsAssembly).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        CollectionAssert.DoesNotContain(references, "dtsmdrl");
        CollectionAssert.DoesNotContain(references, "DtSmdrl.Host");
    }
}
