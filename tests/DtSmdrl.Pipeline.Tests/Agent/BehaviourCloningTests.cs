using DtSmdrl.Pipeline.Agent;

namespace DtSmdrl.Pipeline.Tests.Agent;

/// <summary>Behaviour cloning learns an expert's rule, respects masks, and is deterministic for a seed.</summary>
[TestClass]
public sealed class BehaviourCloningTests
{
    private const int Features = 3;
    private const int ActionCount = 4;

    // The expert takes action 1 when feature 0 is positive, else 3; action 2 is forbidden on every second row.
    private static Demonstrations Expert(int rows, int seed)
    {
        var rng = new Random(seed);
        var demonstrations = new Demonstrations(Features, ActionCount);
        for (var r = 0; r < rows; r++)
        {
            var row = Enumerable.Range(0, Features).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            var mask = new[] { true, true, r % 2 == 0, true };
            demonstrations.Add(row, mask, row[0] > 0 ? 1 : 3);
        }
        return demonstrations;
    }

    private static MetaInitialization Fresh(int seed)
    {
        var normalizer = new ObservationNormalizer(Features);
        normalizer.Update(Expert(200, 99).Rows.ToArray(), 200);
        normalizer.Frozen = true;
        return MetaInitialization.Random(new NetworkShape(Features, ActionCount, 16, 2, false), seed, normalizer);
    }

    [TestMethod]
    public void TheClonedPolicyTakesTheExpertsActions()
    {
        var train = Expert(400, 1);
        var heldOut = Expert(200, 2);
        var fresh = Fresh(3);
        var (cloned, losses) = BehaviourCloning.Train(fresh, train, new BehaviourCloningOptions { Epochs = 30 }, seed: 4);
        Assert.IsLessThan(0.6, BehaviourCloning.Agreement(fresh, heldOut), "the fresh policy should be near uniform");
        Assert.IsGreaterThan(0.95, BehaviourCloning.Agreement(cloned, heldOut));
        Assert.IsLessThan(losses[0] / 2, losses[^1], "the loss should fall");
        // The critics are left as they were: only the actor learns from the expert.
        var criticNames = cloned.Weights.Names.Select((n, i) => (n, i)).Where(p => p.n.Contains("critic", StringComparison.OrdinalIgnoreCase) || p.n.Contains("cost", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.IsNotEmpty(criticNames);
        foreach (var (name, i) in criticNames) CollectionAssert.AreEqual(fresh.Weights.Values[i], cloned.Weights.Values[i], name);
    }

    [TestMethod]
    public void SameSeedSameWeightsOtherSeedOtherWeights()
    {
        var train = Expert(128, 1);
        var options = new BehaviourCloningOptions { Epochs = 3 };
        var a = BehaviourCloning.Train(Fresh(3), train, options, seed: 4).Initialization.Weights.Values.SelectMany(v => v).ToArray();
        var b = BehaviourCloning.Train(Fresh(3), train, options, seed: 4).Initialization.Weights.Values.SelectMany(v => v).ToArray();
        var c = BehaviourCloning.Train(Fresh(3), train, options, seed: 5).Initialization.Weights.Values.SelectMany(v => v).ToArray();
        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreNotEqual(a, c);
    }

    [TestMethod]
    public void AnActionTheMaskForbidsIsCountedNotRecorded()
    {
        var demonstrations = new Demonstrations(Features, ActionCount);
        demonstrations.Add([0.1f, 0.2f, 0.3f], [true, false, true, true], 1);
        demonstrations.Add([0.1f, 0.2f, 0.3f], [true, true, true, true], 1);
        Assert.AreEqual(1, demonstrations.Count);
        Assert.AreEqual(1, demonstrations.Disallowed);
        CollectionAssert.AreEqual(new[] { 0.0, 1.0, 0.0, 0.0 }, demonstrations.ActionShares());
        Assert.ThrowsExactly<ArgumentException>(() => demonstrations.Add([0.1f], [true, true, true, true], 0));
    }

    [TestMethod]
    public void DemonstrationsOfAnotherShapeAreRefused()
    {
        var wrong = new Demonstrations(Features + 1, ActionCount);
        wrong.Add([0f, 0f, 0f, 0f], [true, true, true, true], 0);
        var error = Assert.ThrowsExactly<ArgumentException>(() => BehaviourCloning.Train(Fresh(3), wrong, new BehaviourCloningOptions(), seed: 1));
        StringAssert.Contains(error.Message, "4 values");
        var invalid = Assert.ThrowsExactly<ArgumentException>(() => BehaviourCloning.Train(Fresh(3), Expert(8, 1), new BehaviourCloningOptions { Epochs = 0 }, seed: 1));
        StringAssert.Contains(invalid.Message, "BehaviourCloningOptions.Epochs");
    }
}
