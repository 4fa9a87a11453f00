using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Options;
using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Agent.MlNet;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation.Uncertainty;
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

    [TestMethod]
    public void TheEnginesRecommendationIsTheAgentsOwnWithItsCalibrationBeforeAndAfterLoading()
    {
        // One agent: the engine must recommend exactly what DtSmdrlRecommender (the study arm's and the estimator's path)
        // gives for the same initialisation, settings, calibration, samples and seed.
        var patients = new SyntheticCohortGenerator(new CohortOptions { Size = 4, Seed = 5 }).Generate().ToList();
        var method = new DtSmdrlMethod(Tiny);
        var rng = new Random(3);
        var tasks = patients.Select(p => method.Patient(p.Observed.PatientId, p.Observed, Tiny.TwinsPerPatient, rng)).ToList();
        var initialization = PolicyInitialiser.Train(InitialisationKind.Meta, tasks, Tiny, seed: 2);
        var calibration = new StatedResponseCalibration(new PlattScaling(0.6, -0.4), Samples: 3, Courses: 30, Responders: 8);
        var transformer = new MetaPpoTransformer(new MetaPpoEstimatorOptions { Agent = Tiny, Seed = 2 }, initialization, "test") { ResponseCalibration = calibration };
        var settings = new EngineOptions { PlanCycles = 4 };
        var model = new MetaPpoEngineModel(transformer, settings);

        var record = patients[1].Observed;
        var samples = PatientContext.SampleTwins(record, new TwinPrior(), 4, new Random(4));
        var request = new RecommendationRequest(record, samples, ActionsSoFar: [], ObservedCycles: 0, Seed: 11);
        var twins = Enumerable.Range(0, Tiny.TwinsPerPatient).Select(k => samples[k % samples.Length]).ToArray();
        var forecast = samples.Take(Tiny.ForecastSamples).ToArray();
        var direct = new DtSmdrlRecommender(initialization, Tiny, calibration)
            .Recommend(new PatientTwins(record.PatientId, PatientContext.Features(record), twins), forecast, request.Seed);

        var path = Path.Combine(Path.GetTempPath(), $"meta-ppo-engine-{Guid.NewGuid():N}.zip");
        try
        {
            model.Save(path);
            var loaded = new MetaPpoEngine(Microsoft.Extensions.Options.Options.Create(settings)).Load(path);
            foreach (var engine in new[] { (IRecommendationModel)model, loaded })
            {
                var served = engine.Recommend(request);
                CollectionAssert.AreEqual(direct.Plan.Take(settings.PlanCycles).ToList(), served.Plan.ToList());
                Assert.AreEqual(direct.ResponseProbability, served.ResponseProbability);
                Assert.AreEqual(direct.SevereToxicityProbability, served.SevereToxicityProbability);
                Assert.AreEqual(direct.Confidence, served.Confidence);
            }
        }
        finally
        {
            File.Delete(path);
        }
        var uncalibrated = new DtSmdrlRecommender(initialization, Tiny)
            .Recommend(new PatientTwins(record.PatientId, PatientContext.Features(record), twins), forecast, request.Seed);
        Assert.AreEqual(calibration.Apply(uncalibrated.ResponseProbability, forecast.Length), direct.ResponseProbability, 1e-12, "the served probability is the calibrated one");
    }
}
