using DtSmdrl.Pipeline.Evaluation;
using static DtSmdrl.Pipeline.Tests.Evaluation.TestOutcomes;

namespace DtSmdrl.Pipeline.Tests.Evaluation;

[TestClass]
public sealed class DecisionMetricsTests
{
    [TestMethod]
    public void NormalisedValueIsRatioForPositiveOracleAndSkipsZeroOracle()
    {
        PatientOutcome[] outcomes =
        [
            Make("a", value: 90, oracle: 100),     // 0.9
            Make("b", value: 50, oracle: 100),     // 0.5
            Make("c", value: -110, oracle: -100),  // 1 + (-110 + 100) / 100 = 0.9
            Make("d", value: 5, oracle: 0),        // undefined, left out
        ];
        Assert.AreEqual(2.3 / 3, DecisionMetrics.NormalisedValue(outcomes), 1e-12);
    }

    [TestMethod]
    public void NormalisedValueRisesWithValueWhenOracleIsNegative()
    {
        Assert.IsGreaterThan(DecisionMetrics.PatientNormalisedValue(-120, -100), DecisionMetrics.PatientNormalisedValue(-90, -100));
        Assert.AreEqual(1.0, DecisionMetrics.PatientNormalisedValue(-100, -100), 1e-12);
        Assert.IsTrue(double.IsNaN(DecisionMetrics.NormalisedValue([Make("z", value: 3, oracle: 0)])));
    }

    [TestMethod]
    public void DecisionAccuracyNeedsSafetyAndNinetyFivePercentOfOracle()
    {
        PatientOutcome[] outcomes =
        [
            Make("a", value: 96, oracle: 100),                  // yes
            Make("b", value: 94, oracle: 100),                  // no: below 95
            Make("c", value: 100, oracle: 100, toxicity: true), // no: severe toxicity
            Make("d", value: -104, oracle: -100),               // yes: threshold -105
            Make("e", value: -106, oracle: -100),               // no
            Make("f", value: 0, oracle: 0),                     // yes: threshold 0
            Make("g", value: -0.1, oracle: 0),                  // no
            Make("h", value: 120, oracle: 100),                 // yes: beating the oracle is never a miss
        ];
        Assert.AreEqual(0.5, DecisionMetrics.DecisionAccuracy(outcomes), 1e-12);
    }

    [TestMethod]
    public void ReachesOracleAtTheExactThreshold()
    {
        Assert.IsTrue(DecisionMetrics.ReachesOracle(95, 100));
        Assert.IsTrue(DecisionMetrics.ReachesOracle(-105, -100));
        Assert.IsFalse(DecisionMetrics.ReachesOracle(-105.01, -100));
    }
}
