using DtSmdrl.Pipeline.Evaluation;

namespace DtSmdrl.Pipeline.Tests.Evaluation;

[TestClass]
public sealed class RankCorrelationTests
{
    [TestMethod]
    public void TiesGetAverageRanks()
    {
        CollectionAssert.AreEqual(new[] { 1.0, 2.5, 2.5, 4.0 }, RankCorrelation.AverageRanks([10.0, 20.0, 20.0, 30.0]));
        CollectionAssert.AreEqual(new[] { 3.0, 1.0, 3.0, 3.0 }, RankCorrelation.AverageRanks([3.0, 1.0, 3.0, 3.0]));
    }

    [TestMethod]
    public void SpearmanWithTiesMatchesHandComputation()
    {
        // Ranks x = [1, 2.5, 2.5, 4], y = [1, 3, 2, 4]; deviations from 2.5: sxy = 4.5, sxx = 4.5, syy = 5
        // -> rho = 4.5 / sqrt(4.5 * 5) = sqrt(0.9).
        Assert.AreEqual(Math.Sqrt(0.9), RankCorrelation.Spearman([1.0, 2.0, 2.0, 3.0], [1.0, 3.0, 2.0, 4.0]), 1e-12);
    }

    [TestMethod]
    public void MonotoneIsOneReversedIsMinusOneConstantIsNaN()
    {
        Assert.AreEqual(1.0, RankCorrelation.Spearman([1.0, 2.0, 3.0, 4.0], [1.0, 8.0, 27.0, 64.0]), 1e-12);
        Assert.AreEqual(-1.0, RankCorrelation.Spearman([1.0, 2.0, 3.0, 4.0], [9.0, 5.0, 2.0, 0.5]), 1e-12);
        Assert.IsTrue(double.IsNaN(RankCorrelation.Spearman([1.0, 2.0, 3.0], [7.0, 7.0, 7.0])));
    }

    [TestMethod]
    public void LengthMismatchIsRejected()
    {
        Assert.ThrowsExactly<ArgumentException>(() => RankCorrelation.Spearman([1.0, 2.0], [1.0, 2.0, 3.0]));
    }
}
