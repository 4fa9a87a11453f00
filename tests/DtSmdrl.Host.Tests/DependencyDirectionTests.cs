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
}
