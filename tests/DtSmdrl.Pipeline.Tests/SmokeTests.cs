using DtSmdrl.Pipeline.Diagnostics;

namespace DtSmdrl.Pipeline.Tests;

[TestClass]
public sealed class SmokeTests
{
    [TestMethod]
    public void TorchSharpLoadsAndLearns()
    {
        var result = SmokeChecks.TorchForwardBackward();
        Assert.IsTrue(result.Passed, result.Detail);
    }

    [TestMethod]
    public void MlNetFitsASeparableProblem()
    {
        var result = SmokeChecks.MlNetFit();
        Assert.IsTrue(result.Passed, result.Detail);
    }
}
