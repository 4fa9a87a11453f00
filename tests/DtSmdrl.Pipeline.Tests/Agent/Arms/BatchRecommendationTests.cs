using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Benchmarks;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Torch;
using DtSmdrl.Pipeline.Twin.Prior;
using TorchSharp;

namespace DtSmdrl.Pipeline.Tests.Agent.Arms;

[TestClass]
public sealed class BatchRecommendationTests
{
    // Small enough for a unit test: one adaptation update on 2 twin slots, 3 forecast rollouts, 4 cycles.
    private static readonly DtSmdrlArmOptions Small = CreateSmall();

    private static DtSmdrlArmOptions CreateSmall()
    {
        var defaults = new DtSmdrlArmOptions();
        return defaults with
        {
            TwinsPerPatient = 2,
            ForecastSamples = 3,
            AdaptationUpdates = 1,
            Environment = new TwinEnvironmentOptions { Cycles = 4 },
            Meta = defaults.Meta with { Inner = defaults.Meta.Inner with { NumSteps = 8 } },
        };
    }

    private static (DtSmdrlRecommender Recommender, List<RecommendationCase> Cases) Batch(int patients)
    {
        var prior = new TwinPrior();
        var rng = new Random(5);
        var cases = Enumerable.Range(0, patients).Select(i =>
        {
            var context = Enumerable.Range(0, PatientContext.Size).Select(_ => (float)rng.NextDouble()).ToArray();
            var twins = Enumerable.Range(0, Small.TwinsPerPatient).Select(_ => prior.SamplePopulation(rng)).ToArray();
            var forecast = Enumerable.Range(0, Small.ForecastSamples).Select(_ => prior.SamplePopulation(rng)).ToArray();
            return new RecommendationCase(new PatientTwins($"p{i}", context, twins), forecast, 100 + i);
        }).ToList();
        var first = cases[0].Patient;
        var initialization = MetaInitialization.Random(PolicyInitialiser.Shape(first, Small), 3,
            MetaPpo.FitNormalizer([first.ToTask(Small.Environment)], 4, 3));
        return (new DtSmdrlRecommender(initialization, Small), cases);
    }

    [TestMethod]
    public void ParallelRecommendationsEqualSequentialOnesInTheSameOrder()
    {
        var previous = torch.get_num_threads();
        try
        {
            TorchSetup.Configure(1, 1);
            var (recommender, cases) = Batch(4);
            var sequential = BatchRecommendation.Run(recommender, cases, 1);
            // Reseed the global generator differently: nothing in a recommendation may depend on it.
            torch.manual_seed(999);
            var parallel = BatchRecommendation.Run(recommender, cases, 3);

            Assert.AreEqual(4, parallel.Recommendations.Length);
            for (var i = 0; i < cases.Count; i++)
                Assert.IsTrue(sequential.Recommendations[i].HasSameContent(parallel.Recommendations[i]), $"patient {i}");
            // The patients differ, so equal outputs are not a constant: the comparison can fail.
            Assert.IsTrue(sequential.Recommendations.Select(r => r.ExpectedValue).Distinct().Count() > 1);
            Assert.IsTrue(parallel.LatencyMilliseconds.All(ms => ms > 0));
            Assert.IsTrue(parallel.Seconds > 0);
        }
        finally
        {
            torch.set_num_threads(previous);
        }
    }

    [TestMethod]
    public void HasSameContentComparesArrayElementsNotReferences()
    {
        var a = new PatientRecommendation(["hold", "immuno"], [0.5f, 0.5f], 0.4, 0.1, 0.05, 0.7, 1.2, 0);
        var copy = a with { Plan = ["hold", "immuno"], ActionProbabilities = [0.5f, 0.5f] };
        Assert.IsTrue(a.HasSameContent(copy));
        Assert.IsFalse(a.HasSameContent(copy with { Plan = ["hold", "hold"] }));
        Assert.IsFalse(a.HasSameContent(copy with { ActionProbabilities = [0.5f, 0.49f] }));
        Assert.IsFalse(a.HasSameContent(copy with { ExpectedValue = 1.3 }));
    }

    [TestMethod]
    public void BenchmarkReportsBothPassesOfTheSameBatch()
    {
        var result = RecommendationBenchmark.Run(patients: 3, threads: 2, options: Small);
        Assert.AreEqual(3, result.Patients);
        Assert.AreEqual(1, result.Sequential.Threads);
        Assert.AreEqual(2, result.Parallel.Threads);
        Assert.IsTrue(result.ParallelMatchesSequential);
        foreach (var timing in new[] { result.Sequential, result.Parallel })
        {
            Assert.IsTrue(timing.P50Milliseconds > 0 && timing.P50Milliseconds <= timing.P95Milliseconds, $"{timing}");
            Assert.IsTrue(timing.PatientsPerSecond > 0, $"{timing}");
        }
        // The stages are found by subtraction of timings, so under load only the last one is sure to be positive.
        Assert.IsGreaterThan(0.0, result.Stages.RolloutMilliseconds, $"{result.Stages}");
        Assert.IsTrue(double.IsFinite(result.Stages.AdaptationMilliseconds) && double.IsFinite(result.Stages.ShieldForecastMilliseconds), $"{result.Stages}");
    }
}
