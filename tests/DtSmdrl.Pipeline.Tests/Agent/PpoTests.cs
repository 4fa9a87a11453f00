using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Torch;

namespace DtSmdrl.Pipeline.Tests.Agent;

[TestClass]
public sealed class PpoTests
{
    private static readonly PpoOptions Small = new()
    {
        NumSteps = 16,
        HiddenSize = 16,
        LearningRate = 3e-3,
        NumMinibatches = 2,
        UpdateEpochs = 4,
        UseCostConstraint = false,
    };

    [ClassInitialize]
    public static void SingleThread(TestContext _) => TorchSetup.Configure(seed: 0, intraOpThreads: 1);

    [TestMethod]
    public void LearnsTheOptimalCorridorPolicy()
    {
        var env = new CorridorEnv(numEnvs: 8);
        using var ppo = new Ppo(env, Small with { TotalSteps = 8 * 16 * 30, Seed = 3 });
        var before = PolicyEvaluation.MeanGreedyReturn(ppo.Policy, new CorridorEnv(numEnvs: 2), seed: 1, episodes: 4);
        Assert.IsLessThan(env.OptimalReturn - 0.05, before, "the untrained greedy policy should not already be optimal");
        PpoProgress? last = null;
        ppo.Train(new Progress(p => last = p));

        var greedy = PolicyEvaluation.MeanGreedyReturn(ppo.Policy, new CorridorEnv(numEnvs: 2), seed: 1, episodes: 4);
        Assert.AreEqual(env.OptimalReturn, greedy, 1e-5, $"greedy return after {ppo.GlobalStep} steps; last update: {last}");
        Assert.AreEqual(30, ppo.CompletedUpdates);
    }

    [TestMethod]
    public void NeverTakesAMaskedAction()
    {
        var env = new RandomMaskEnv(numEnvs: 16, seed: 5);
        using var ppo = new Ppo(env, Small with { TotalSteps = 16 * 16 * 6, Seed = 2 });
        ppo.Train();
        Assert.AreEqual(16L * 16 * 6, env.Decisions);
        Assert.AreEqual(0L, env.MaskedActionsTaken);
    }

    [TestMethod]
    public void SamplerNeverReturnsAMaskedActionEvenWhenItHoldsTheMass()
    {
        // Action 2 carries almost all probability but is masked; 0 and 3 share the rest 1:3.
        float[] logProbs = [MathF.Log(0.01f), ActorCritic.MaskedLogit, MathF.Log(0.96f), MathF.Log(0.03f)];
        bool[] mask = [true, false, false, true];
        var rng = new AgentRandom(11);
        var counts = new int[4];
        for (var i = 0; i < 20_000; i++)
            counts[MaskedCategorical.Sample(logProbs, mask, rng.NextDouble())]++;
        Assert.AreEqual(0, counts[1]);
        Assert.AreEqual(0, counts[2]);
        Assert.AreEqual(0.75, counts[3] / 20_000.0, 0.02);
        Assert.AreEqual(3, MaskedCategorical.Greedy(logProbs, mask));
    }

    [TestMethod]
    public void LagrangeMultiplierRisesWhileTheCostExceedsTheLimit()
    {
        var env = new CostlyBanditEnv(numEnvs: 8);
        using var ppo = new Ppo(env, Small with { TotalSteps = 8 * 16 * 4, UseCostConstraint = true, CostLimit = 0.1, LagrangeKp = 0, LagrangeKi = 0.5, Seed = 4 });
        var lambdas = new List<double>();
        ppo.Train(new Progress(p => lambdas.Add(p.Lambda)));
        // The initial policy treats about half the time: cost ~0.5 > 0.1, so plain dual ascent raises lambda every update.
        for (var i = 1; i < lambdas.Count; i++)
            Assert.IsGreaterThan(lambdas[i - 1], lambdas[i], $"lambda sequence {string.Join(", ", lambdas)}");
        Assert.IsGreaterThan(0.0, lambdas[0]);
    }

    [TestMethod]
    public void ResumedCheckpointMakesTheSameNextUpdate()
    {
        var options = Small with { TotalSteps = 4 * 16 * 10, Seed = 9, UseCostConstraint = true, NormalizeObservations = true };
        var path = Path.Combine(Path.GetTempPath(), $"dtsmdrl-ppo-{Guid.NewGuid():N}.zip");
        try
        {
            using var uninterrupted = new Ppo(new CorridorEnv(numEnvs: 4), options);
            uninterrupted.RunUpdate();
            uninterrupted.RunUpdate();
            uninterrupted.SaveCheckpoint(path);
            var expected = uninterrupted.RunUpdate();
            var expectedWeights = uninterrupted.GetWeights();

            using var resumed = Ppo.Resume(path, new CorridorEnv(numEnvs: 4));
            Assert.AreEqual(2, resumed.CompletedUpdates);
            var actual = resumed.RunUpdate();
            var actualWeights = resumed.GetWeights();

            Assert.AreEqual(expected.GlobalStep, actual.GlobalStep);
            Assert.AreEqual(expected.PolicyLoss, actual.PolicyLoss);
            Assert.AreEqual(expected.ApproxKl, actual.ApproxKl);
            Assert.AreEqual(expected.MeanEpisodeReturn, actual.MeanEpisodeReturn);
            Assert.AreEqual(expected.Lambda, actual.Lambda);
            for (var p = 0; p < expectedWeights.Values.Count; p++)
                CollectionAssert.AreEqual(expectedWeights.Values[p], actualWeights.Values[p], $"parameter {expectedWeights.Names[p]}");
            CollectionAssert.AreEqual(uninterrupted.Normalizer.Mean, resumed.Normalizer.Mean);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void AnUpdateLeavesNoLiveTensorsBehind()
    {
        using var ppo = new Ppo(new CorridorEnv(numEnvs: 4), Small with { TotalSteps = 4 * 16 * 3, Seed = 5 });
        ppo.RunUpdate(); // the optimiser creates its state on the first step
        // Tensors left to the finalizer by earlier tests would otherwise change the global count mid-measurement.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = TorchSharp.torch.Tensor.TotalCount;
        ppo.RunUpdate();
        ppo.RunUpdate();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.AreEqual(before, TorchSharp.torch.Tensor.TotalCount);
    }

    private sealed class Progress(Action<PpoProgress> report) : IProgress<PpoProgress>
    {
        public void Report(PpoProgress value) => report(value);
    }
}
