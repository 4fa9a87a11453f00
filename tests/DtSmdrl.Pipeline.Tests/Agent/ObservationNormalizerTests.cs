using DtSmdrl.Pipeline.Agent;

namespace DtSmdrl.Pipeline.Tests.Agent;

[TestClass]
public sealed class ObservationNormalizerTests
{
    [TestMethod]
    public void BatchedUpdatesMatchTheWholeSampleMoments()
    {
        var rng = new AgentRandom(3);
        var data = Enumerable.Range(0, 300).Select(i => (float)(5 + 2 * rng.NextGaussian() + (i % 2))).ToArray(); // 150 rows x 2
        var normalizer = new ObservationNormalizer(2);
        for (var start = 0; start < data.Length; start += 30)
            normalizer.Update(data.AsSpan(start, 30), 15);
        for (var j = 0; j < 2; j++)
        {
            var column = Enumerable.Range(0, 150).Select(r => (double)data[r * 2 + j]).ToArray();
            var mean = column.Average();
            Assert.AreEqual(mean, normalizer.Mean[j], 1e-4);
            Assert.AreEqual(column.Average(x => (x - mean) * (x - mean)), normalizer.Variance[j], 1e-3);
        }
        var restored = ObservationNormalizer.FromState(normalizer.ToState());
        var a = new float[2];
        var b = new float[2];
        normalizer.Normalize([7f, 1f], a);
        restored.Normalize([7f, 1f], b);
        CollectionAssert.AreEqual(a, b);
        normalizer.Frozen = true;
        normalizer.Update([100f, 100f], 1);
        CollectionAssert.AreEqual(restored.Mean, normalizer.Mean, "a frozen normaliser ignores updates");
    }
}
