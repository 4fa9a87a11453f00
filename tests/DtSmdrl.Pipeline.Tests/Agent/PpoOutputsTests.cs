using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Benchmarks;
using DtSmdrl.Pipeline.Torch;

namespace DtSmdrl.Pipeline.Tests.Agent;

[TestClass]
public sealed class PpoOutputsTests
{
    private static readonly PpoOptions Small = new() { NumSteps = 8, HiddenSize = 8, NumMinibatches = 2, UpdateEpochs = 2 };

    [ClassInitialize]
    public static void SingleThread(TestContext _) => TorchSetup.Configure(seed: 0, intraOpThreads: 1);

    private static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "dtsmdrl-agent-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    [TestMethod]
    public void TrainWritesTheCsvLogAndPeriodicCheckpoints()
    {
        var folder = TempDirectory();
        try
        {
            var options = Small with { TotalSteps = 4 * 8 * 4, CheckpointEvery = 2, CheckpointDirectory = Path.Combine(folder, "checkpoints") };
            using var ppo = new Ppo(new CorridorEnv(numEnvs: 4), options);
            var console = new StringWriter();
            using (var log = new PpoProgressLog(Path.Combine(folder, "train.csv"), console))
                ppo.Train(log);
            var lines = File.ReadAllLines(Path.Combine(folder, "train.csv"));
            Assert.HasCount(5, lines);
            Assert.AreEqual(PpoProgress.CsvHeader, lines[0]);
            Assert.AreEqual(PpoProgress.CsvHeader.Split(',').Length, lines[4].Split(',').Length);
            StringAssert.StartsWith(lines[4], "4,4,128,");
            StringAssert.Contains(console.ToString(), "update 4/4 step 128");
            CollectionAssert.AreEqual(new[] { "checkpoint-000002.zip", "checkpoint-000004.zip" },
                Directory.GetFiles(options.CheckpointDirectory).Select(Path.GetFileName).Order().ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void SavedPolicyReloadsWithTheSameProbabilitiesAndDecidesThroughTheShield()
    {
        var folder = TempDirectory();
        try
        {
            using var ppo = new Ppo(new CorridorEnv(numEnvs: 4), Small with { TotalSteps = 4 * 8 * 2 });
            ppo.Train();
            var path = Path.Combine(folder, "policy.zip");
            ppo.SavePolicy(path, trainingDataHash: "corridor");
            using var loaded = PpoPolicy.Load(path);

            float[] observation = [0, 1, 0, 0, 0, 0.1f];
            bool[] mask = [true, true, true];
            var expected = new float[3];
            var actual = new float[3];
            ppo.Policy.LogProbabilities(observation, mask, expected);
            loaded.LogProbabilities(observation, mask, actual);
            CollectionAssert.AreEqual(expected, actual);
            CollectionAssert.AreEqual(ppo.Normalizer.Mean, loaded.Normalizer.Mean);

            var shield = new ThresholdShield(0.3);
            var partly = loaded.Decide(observation, mask, shield, [0.0, 0.9, 0.1]);
            Assert.AreNotEqual(1, partly.Action, "the risky action is never chosen");
            CollectionAssert.AreEqual(new[] { true, false, true }, partly.AllowedActions);
            var blocked = loaded.Decide(observation, mask, shield, [0.5, 0.9, 0.4]);
            Assert.AreEqual(ShieldResult.HoldAction, blocked.Action);
            Assert.IsTrue(blocked.Shield.AllMasked);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void GroupedCvarConstraintUsesTheWorstEpisodesOfEachGroup()
    {
        // Two groups of 4 envs; every episode is one step, so the constrained cost is a CVaR of 0/1 costs.
        var options = Small with { TotalSteps = 8 * 8 * 2, CostMeasure = CostMeasure.Cvar, CvarAlpha = 0.9, CostLimit = 0.5 };
        using var ppo = new Ppo(new CostlyBanditEnv(numEnvs: 8), options, envGroups: [0, 0, 0, 0, 1, 1, 1, 1]);
        var first = ppo.RunUpdate();
        Assert.AreEqual(64, first.Episodes);
        Assert.AreEqual(1.0, first.ConstrainedCost, "with 32 episodes per group, the worst 10% of each group has cost 1");
        Assert.IsLessThan(1.0, first.MeanEpisodeCost);
        Assert.IsGreaterThan(0.0, first.Lambda);
    }

    [TestMethod]
    public void ACustomCostMeasureReplacesTheBuiltInStatisticAndSeesEveryFinishedEpisodeWithItsGroup()
    {
        var recorder = new RecordingCostMeasure();
        var options = Small with { TotalSteps = 8 * 8 * 2, CostMeasure = CostMeasure.Mean, CvarAlpha = 0.8, CostLimit = 0.5, CustomCostMeasure = recorder };
        using var ppo = new Ppo(new CostlyBanditEnv(numEnvs: 8), options, envGroups: [0, 0, 0, 0, 1, 1, 1, 1]);
        var first = ppo.RunUpdate();
        Assert.AreEqual(7.0, first.ConstrainedCost, "the custom measure's value, not the mean cost");
        Assert.IsLessThan(1.0, first.MeanEpisodeCost);
        Assert.AreEqual(64, recorder.Costs.Length);
        CollectionAssert.AreEquivalent(new[] { 0, 1 }, recorder.Groups.Distinct().ToArray());
        Assert.AreEqual(32, recorder.Groups.Count(g => g == 0));
        Assert.AreEqual(0.8, recorder.Alpha);
        Assert.IsGreaterThan(0.0, first.Lambda, "7 is above the limit, so the multiplier rises");

        using var broken = new Ppo(new CostlyBanditEnv(numEnvs: 8), options with { CustomCostMeasure = new RecordingCostMeasure(double.NaN) }, envGroups: [0, 0, 0, 0, 1, 1, 1, 1]);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => broken.RunUpdate());
        StringAssert.Contains(error.Message, "Cost measure 'recording' returned NaN");
    }

    private sealed class RecordingCostMeasure(double value = 7.0) : IEpisodeCostMeasure
    {
        public double[] Costs { get; private set; } = [];
        public int[] Groups { get; private set; } = [];
        public double Alpha { get; private set; }
        public string Name => "recording";

        public double Measure(ReadOnlySpan<double> costs, ReadOnlySpan<int> groups, double alpha)
        {
            (Costs, Groups, Alpha) = (costs.ToArray(), groups.ToArray(), alpha);
            return value;
        }
    }

    [TestMethod]
    public void BenchmarkMeasuresEachThreadCount()
    {
        var results = PpoBenchmark.Run(new PpoBenchmarkOptions { NumEnvs = 8, ObservationSize = 4, ActionCount = 3, HiddenSize = 8, NumSteps = 8, MeasuredUpdates = 1 });
        CollectionAssert.AreEqual(new[] { 1, 2 }, results.Select(r => r.Threads).ToArray());
        foreach (var result in results)
        {
            Assert.AreEqual(64, result.BatchSize);
            Assert.IsGreaterThan(0.0, result.EnvStepsPerSecond);
            Assert.IsGreaterThan(0.0, result.GradientUpdatesPerSecond);
        }
        Assert.AreEqual(1, TorchSharp.torch.get_num_threads(), "the thread count is restored");
    }
}
