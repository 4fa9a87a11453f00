using DtSmdrl.Pipeline.Evaluation;
using static DtSmdrl.Pipeline.Tests.Evaluation.TestOutcomes;

namespace DtSmdrl.Pipeline.Tests.Evaluation;

[TestClass]
public sealed class ResponsePredictionTests
{
    private static readonly PatientOutcome[] Cohort =
    [
        Make("a", RecistResponse.CR, probability: 0.9),  // TP
        Make("b", RecistResponse.SD, probability: 0.6),  // FP
        Make("c", RecistResponse.PR, probability: 0.5),  // TP: 0.5 is a predicted responder
        Make("d", RecistResponse.PR, probability: 0.4),  // FN
        Make("e", RecistResponse.CR, probability: 0.2),  // FN
        Make("f", RecistResponse.PD, probability: 0.1),  // TN
        Make("g", RecistResponse.CR),                    // no probability stated: left out
    ];

    [TestMethod]
    public void ConfusionCountsSkipPatientsWithoutProbability()
    {
        Assert.AreEqual(new ResponsePrediction.Counts(2, 1, 2, 1), ResponsePrediction.Confusion(Cohort));
    }

    [TestMethod]
    public void PrecisionAndRecallMatchHandCounts()
    {
        Assert.AreEqual(2.0 / 3, ResponsePrediction.Precision(Cohort), 1e-12);
        Assert.AreEqual(0.5, ResponsePrediction.Recall(Cohort), 1e-12);
    }

    [TestMethod]
    public void ZeroDenominatorsAreNaN()
    {
        PatientOutcome[] nobodyPredicted = [Make("a", RecistResponse.CR, probability: 0.1), Make("b", RecistResponse.SD, probability: 0.3)];
        Assert.IsTrue(double.IsNaN(ResponsePrediction.Precision(nobodyPredicted)));
        Assert.AreEqual(0.0, ResponsePrediction.Recall(nobodyPredicted), 1e-12);

        PatientOutcome[] noResponders = [Make("a", RecistResponse.SD, probability: 0.8), Make("b", RecistResponse.PD, probability: 0.3)];
        Assert.IsTrue(double.IsNaN(ResponsePrediction.Recall(noResponders)));
        Assert.AreEqual(0.0, ResponsePrediction.Precision(noResponders), 1e-12);

        PatientOutcome[] noneStated = [Make("a", RecistResponse.CR)];
        Assert.IsTrue(double.IsNaN(ResponsePrediction.Precision(noneStated)));
        Assert.IsTrue(double.IsNaN(ResponsePrediction.Recall(noneStated)));
    }
}
