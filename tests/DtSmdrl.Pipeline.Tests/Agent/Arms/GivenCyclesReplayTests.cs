using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Torch;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Tests.Agent.Arms;

[TestClass]
public sealed class GivenCyclesReplayTests
{
    private static readonly DtSmdrlArmOptions Small = new DtSmdrlArmOptions() with
    {
        TwinsPerPatient = 2,
        ForecastSamples = 4,
        AdaptationUpdates = 1,
        Environment = new TwinEnvironmentOptions { Cycles = 4 },
    };

    private static (DtSmdrlRecommender Recommender, PatientTwins Patient, NsclcParameters[] Forecast) Case()
    {
        var prior = new TwinPrior();
        var rng = new Random(11);
        var context = Enumerable.Range(0, PatientContext.Size).Select(_ => (float)rng.NextDouble()).ToArray();
        var twins = Enumerable.Range(0, Small.TwinsPerPatient).Select(_ => prior.SamplePopulation(rng)).ToArray();
        var forecast = Enumerable.Range(0, Small.ForecastSamples).Select(_ => prior.SamplePopulation(rng)).ToArray();
        var patient = new PatientTwins("p", context, twins);
        var options = Small with { Meta = Small.Meta with { Inner = Small.Meta.Inner with { NumSteps = 8 } } };
        var initialization = MetaInitialization.Random(PolicyInitialiser.Shape(patient, options), 3,
            MetaPpo.FitNormalizer([patient.ToTask(options.Environment)], 4, 3));
        return (new DtSmdrlRecommender(initialization, options), patient, forecast);
    }

    [TestMethod]
    public void TheRolloutsReplayTheCyclesGivenThenThePolicyDecides()
    {
        TorchSetup.Configure(1, 1);
        var (recommender, patient, forecast) = Case();
        var names = Small.Environment.Simulation.Actions.Names.ToList();
        var own = recommender.Recommend(patient, forecast, 7);
        // Two cycles the agent would not have chosen itself, so a plan that ignored them would fail.
        var given = new[] { names.IndexOf(own.Plan[0]) == 0 ? 4 : 0, names.IndexOf(own.Plan[1]) == 3 ? 1 : 3 };
        var continued = recommender.Recommend(patient, forecast, 7, given);

        Assert.AreEqual(names[given[0]], continued.Plan[0]);
        Assert.AreEqual(names[given[1]], continued.Plan[1]);
        Assert.AreEqual(own.Plan.Length, continued.Plan.Length);
        // The stated first-decision probabilities are the policy's at cycle 3, a proper distribution.
        Assert.AreEqual(1.0, continued.ActionProbabilities.Sum(), 1e-4);
        // Deterministic for a seed.
        Assert.IsTrue(continued.HasSameContent(recommender.Recommend(patient, forecast, 7, given)));
    }

    [TestMethod]
    public void AGivenActionOutsideTheActionSetIsRefusedNamingTheCycle()
    {
        TorchSetup.Configure(1, 1);
        var (recommender, patient, forecast) = Case();
        var error = Assert.ThrowsExactly<ArgumentException>(() => recommender.Recommend(patient, forecast, 7, [0, 99]));
        StringAssert.Contains(error.Message, "Cycle 2");
    }
}
