using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Torch;

namespace DtSmdrl.Pipeline.Tests.Agent;

[TestClass]
public sealed class MetaPpoTests
{
    private static readonly PpoOptions Inner = new()
    {
        NumSteps = 4,
        HiddenSize = 16,
        LearningRate = 3e-3,
        AnnealLearningRate = false,
        NumMinibatches = 2,
        UseCostConstraint = false,
    };

    // Scored by the expected reward of the stochastic policy (the probability of the paying arm), which keeps
    // improving after the greedy choice is already right, so adaptation speed is resolved finely.
    private static MetaTask Task(int arm) => new($"arm{arm}", () => new TaskBanditEnv(numEnvs: 8, bestArm: arm))
    {
        Evaluate = policy =>
        {
            var observation = new float[TaskBanditEnv.Arms];
            observation[arm] = 1;
            var logProbs = new float[TaskBanditEnv.Arms];
            policy.LogProbabilities(observation, [true, true, true, true], logProbs);
            return Math.Exp(logProbs[arm]);
        },
    };

    [ClassInitialize]
    public static void SingleThread(TestContext _) => TorchSetup.Configure(seed: 0, intraOpThreads: 1);

    [TestMethod]
    public void ReptileInitialisationAdaptsFasterThanARandomOne()
    {
        var tasks = Enumerable.Range(0, TaskBanditEnv.Arms).Select(Task).ToArray();
        var meta = new MetaPpo(new MetaPpoOptions { Seed = 2, Iterations = 8, TasksPerIteration = 4, InnerUpdates = 2, Inner = Inner, EvaluationEpisodes = 8 });
        var steps = new List<MetaProgress>();
        var learned = meta.Train(tasks, new Progress(steps.Add));
        Assert.HasCount(8, steps);
        Assert.AreEqual(1.0, steps[0].MetaStepSize);
        Assert.IsLessThan(0.2, steps[^1].MetaStepSize);

        var random = MetaInitialization.Random(learned.Weights.Shape, seed: 77, learned.Normalizer);
        const int budget = 8;
        int metaTotal = 0, randomTotal = 0;
        foreach (var task in tasks)
        {
            var fromMeta = MetaPpo.Adapt(learned, task, budget, Inner, seed: 5, evaluationEpisodes: 8);
            var fromRandom = MetaPpo.Adapt(random, task, budget, Inner, seed: 5, evaluationEpisodes: 8);
            Assert.HasCount(budget + 1, fromMeta.Curve);
            var metaUpdates = fromMeta.UpdatesToReach(1.0) ?? budget + 1;
            var randomUpdates = fromRandom.UpdatesToReach(1.0) ?? budget + 1;
            Assert.IsLessThan(randomUpdates, metaUpdates, $"{task.Id}: meta curve {string.Join(", ", fromMeta.Curve)}; random curve {string.Join(", ", fromRandom.Curve)}");
            metaTotal += metaUpdates;
            randomTotal += randomUpdates;
        }
        Assert.IsLessThan(randomTotal, metaTotal, $"updates to 90% of optimal summed over tasks: meta {metaTotal}, random {randomTotal}");
    }

    [TestMethod]
    public void SkippingTheEvaluationLeavesTheAdaptedWeightsUnchanged()
    {
        // Decision time adapts with no evaluation episodes; the weights must be those the evaluated curve ends in.
        var task = new MetaTask("arm1", () => new TaskBanditEnv(numEnvs: 8, bestArm: 1));
        var initial = MetaInitialization.Random(new NetworkShape(TaskBanditEnv.Arms, TaskBanditEnv.Arms, Inner.HiddenSize, Inner.HiddenLayers, Inner.SharedTrunk), seed: 3, new ObservationNormalizer(TaskBanditEnv.Arms));
        var evaluated = MetaPpo.Adapt(initial, task, 3, Inner, seed: 5, evaluationEpisodes: 4);
        var skipped = MetaPpo.Adapt(initial, task, 3, Inner, seed: 5, evaluationEpisodes: 0);
        Assert.HasCount(4, evaluated.Curve);
        Assert.IsEmpty(skipped.Curve);
        Assert.AreEqual(evaluated.Weights.Values.Count, skipped.Weights.Values.Count);
        for (var i = 0; i < evaluated.Weights.Values.Count; i++)
            CollectionAssert.AreEqual(evaluated.Weights.Values[i], skipped.Weights.Values[i], $"tensor {evaluated.Weights.Names[i]}");
        var moved = evaluated.Weights.Values.Zip(initial.Weights.Values).Any(p => !p.First.SequenceEqual(p.Second));
        Assert.IsTrue(moved, "the updates changed the weights");
    }

    [TestMethod]
    public void UpdatesToReachReadsTheCurve()
    {
        var result = new AdaptationResult(MetaInitialization.Random(new NetworkShape(2, 2, 4, 1, false), 1, new ObservationNormalizer(2)).Weights, [0.2, 0.5, 0.95, 1.0], 32, [4, 4, 4]);
        Assert.AreEqual(2, result.UpdatesToReach(1.0));
        Assert.AreEqual(1, result.UpdatesToReach(0.5));
        Assert.IsNull(result.UpdatesToReach(2.0));
        Assert.AreEqual(0, new AdaptationResult(result.Weights, [-1.05], 32, []).UpdatesToReach(-1.0), "within 10% of a negative target");
    }

    private sealed class Progress(Action<MetaProgress> report) : IProgress<MetaProgress>
    {
        public void Report(MetaProgress value) => report(value);
    }
}
