using DtSmdrl.Host.Cli;
using DtSmdrl.Host.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace DtSmdrl.Host.Tests;

[TestClass]
public sealed class DoctorCommandTests
{
    [TestMethod]
    public void DoctorReportsRuntimeAndPassesItsChecks()
    {
        var output = new StringWriter();
        var code = DoctorCommand.Run(new TorchOptions { Seed = 3 }, NullLogger.Instance, output);
        var text = output.ToString();
        Assert.AreEqual(0, code, text);
        StringAssert.Contains(text, "ML.NET        5.0.1");
        StringAssert.Contains(text, "TorchSharp    0.107.0");
        StringAssert.Contains(text, "doctor: all checks passed");
    }
}
