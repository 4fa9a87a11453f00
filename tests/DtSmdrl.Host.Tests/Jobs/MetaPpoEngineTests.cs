using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Options;
using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Agent.MlNet;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Host.Tests.Jobs;

[TestClass]
public sealed class MetaPpoEngineTests
{
    // A tiny agent: the test checks the engine plumbing (plan, probabilities, save/load), not the policy's quality.
    private static readonly DtSmdrlArmOptions Tiny = new()
    {
        TwinsPerPatient = 2,
        ForecastSamples = 3,
        AdaptationUpdates = 1,
        Environment = new TwinEnvironmentOptions { Cycles = 4, FollowUpDay = 0 },
        Meta = new MetaPpoOptions
        {
            Iterations = 1, TasksPerIteration = 2, InnerUpdates = 1, NormalizerWarmupSteps = 4, EvaluationEpisodes = 1,
            Inner = new PpoOptions { NumSteps = 8, TotalSteps = 16, AnnealLearningRate = false, HiddenSize = 16 },
        },
    };

    [TestMethod]
    public void RecommendsARestOfPlanAndSavesAndLoadsToTheSameRecommendation()
    {
        var patients = new SyntheticCohortGenerator(new CohortOptions { Size = 4, Seed = 3 }).Generate().ToList();
        var method = new DtSmdrlMethod(Tiny);
        var rng = new Random(1);
        var tasks = patients.Select(p => method.Patient(p.Observed.PatientId, p.Observed, Tiny.TwinsPerPatient, rng)).ToList();
        var initialization = PolicyInitialiser.Train(InitialisationKind.Meta, tasks, Tiny, seed: 1);
        var settings = new EngineOptions { PlanCycles = 4 };
        var model = new MetaPpoEngineModel(new MetaPpoTransformer(new MetaPpoEstimatorOptions { Agent = Tiny, Seed = 1 }, initialization, "test"), settings);

        var record = patients[0].Observed;
        var samples = PatientContext.SampleTwins(record, new TwinPrior(), 4, new Random(2));
        var request = new RecommendationRequest(record, samples, ActionsSoFar: [0], ObservedCycles: 1, Seed: 7);
        var first = model.Recommend(request);
        Assert.HasCount(3, first.Plan);  // 4 planned cycles, one already given
        StringAssert.Contains(first.Explanation, "rollouts continue from the 1 cycle(s) given");
        Assert.IsTrue(first.Confidence is >= 0 and <= 1 && first.ResponseProbability is >= 0 and <= 1, first.Explanation);

        var path = Path.Combine(Path.GetTempPath(), $"meta-ppo-engine-{Guid.NewGuid():N}.zip");
        try
        {
            model.Save(path);
            var loaded = new MetaPpoEngine(Microsoft.Extensions.Options.Options.Create(settings)).Load(path).Recommend(request);
            CollectionAssert.AreEqual(first.Plan.ToList(), loaded.Plan.ToList());
            Assert.AreEqual(first.ResponseProbability, loaded.ResponseProbability);
            Assert.AreEqual(first.Confidence, loaded.Confidence);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
