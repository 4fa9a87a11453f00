using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Study;

namespace DtSmdrl.Pipeline.Tests.Agent.Arms;

[TestClass]
public sealed class ArmOptionsValidationTests
{
    [TestMethod]
    public void TheDefaultsAreValid()
    {
        new DtSmdrlArmOptions().Validate();
        new PpoArmOptions().Validate();
    }

    [TestMethod]
    public void AnInvalidDtSmdrlSettingIsNamedWithItsValue()
    {
        var defaults = new DtSmdrlArmOptions();
        foreach (var (options, field) in new (DtSmdrlArmOptions, string)[]
                 {
                     (defaults with { TwinsPerPatient = 0 }, "TwinsPerPatient = 0"),
                     (defaults with { AdaptationUpdates = -1 }, "AdaptationUpdates = -1"),
                     (defaults with { ShieldThreshold = 1.5 }, "ShieldThreshold = 1.5"),
                     (defaults with { ForecastSamples = 0 }, "ForecastSamples = 0"),
                     (defaults with { Workers = 0 }, "Workers = 0"),
                     (defaults with { Initialisation = (InitialisationKind)7 }, "Initialisation = 7"),
                     (defaults with { Meta = defaults.Meta with { Iterations = 0 } }, "MetaPpoOptions.Iterations = 0"),
                 })
        {
            var error = Assert.ThrowsExactly<ArgumentException>(options.Validate, field);
            StringAssert.Contains(error.Message, field);
        }
        (defaults with { ShieldThreshold = null }).Validate();
    }

    [TestMethod]
    public void APpoArmSettingIsCheckedBeforeTraining()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(new PpoArmOptions { NumEnvs = 0 }.Validate);
        StringAssert.Contains(error.Message, "PpoArmOptions.NumEnvs = 0");
        // The arm refuses before touching the (here empty) data.
        using var arm = new PpoArmMethod(personalised: false, new PpoArmOptions { ResponseSamples = 0 });
        var fit = Assert.ThrowsExactly<ArgumentException>(() => arm.Fit(null!, 1));
        StringAssert.Contains(fit.Message, "ResponseSamples = 0");
        var dtSmdrl = new DtSmdrlMethod(new DtSmdrlArmOptions { ForecastSamples = 0 });
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => dtSmdrl.Fit(null!, 1)).Message, "ForecastSamples = 0");
    }
}
