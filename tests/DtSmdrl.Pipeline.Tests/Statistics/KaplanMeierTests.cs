using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Statistics;
using static DtSmdrl.Pipeline.Tests.Evaluation.TestOutcomes;

namespace DtSmdrl.Pipeline.Tests.Statistics;

/// <summary>The one Kaplan-Meier estimator, through the study's progression-free survival of outcomes and on plain arrays.</summary>
[TestClass]
public sealed class KaplanMeierTests
{
    // Times (event e / censored c): 2e 3c 5e 5e 8c 10e.
    // S: 1 on [0,2); 5/6 on [2,5); 5/6 * 2/4 = 5/12 on [5,10); 0 from 10.
    private static readonly PatientOutcome[] Tiny =
    [
        Make("a", pfsDays: 2, pfsEvent: true),
        Make("b", pfsDays: 3, pfsEvent: false),
        Make("c", pfsDays: 5, pfsEvent: true),
        Make("d", pfsDays: 5, pfsEvent: true),
        Make("e", pfsDays: 8, pfsEvent: false),
        Make("f", pfsDays: 10, pfsEvent: true),
    ];

    [TestMethod]
    public void CurveMatchesHandComputedSteps()
    {
        var curve = ProgressionFreeSurvival.Curve(Tiny);
        double[] times = [0, 2, 3, 5, 8, 10];
        double[] survival = [1, 5.0 / 6, 5.0 / 6, 5.0 / 12, 5.0 / 12, 0];
        int[] atRisk = [6, 6, 5, 4, 2, 1];
        Assert.HasCount(6, curve);
        for (var i = 0; i < curve.Count; i++)
        {
            Assert.AreEqual(times[i], curve[i].TimeDays, 1e-12, $"time at point {i}");
            Assert.AreEqual(survival[i], curve[i].Survival, 1e-12, $"survival at point {i}");
            Assert.AreEqual(atRisk[i], curve[i].AtRisk, $"at risk at point {i}");
        }
        Assert.AreEqual(2, curve[3].Events);
        Assert.AreEqual(1, curve[4].Censored);
    }

    [TestMethod]
    public void MedianIsFirstTimeWithSurvivalAtOrBelowHalf()
    {
        Assert.AreEqual(5.0, ProgressionFreeSurvival.MedianDays(Tiny), 1e-12);
    }

    [TestMethod]
    public void MedianLandingExactlyOnHalfIsThatTime()
    {
        // 1e 2e 3c 4c: S(1) = 3/4, S(2) = 3/4 * 2/3 = 1/2.
        PatientOutcome[] outcomes =
        [
            Make("a", pfsDays: 1, pfsEvent: true), Make("b", pfsDays: 2, pfsEvent: true),
            Make("c", pfsDays: 3), Make("d", pfsDays: 4),
        ];
        Assert.AreEqual(2.0, ProgressionFreeSurvival.MedianDays(outcomes), 1e-12);
    }

    [TestMethod]
    public void MedianNotReachedIsNaN()
    {
        PatientOutcome[] outcomes = [Make("a", pfsDays: 10, pfsEvent: true), Make("b", pfsDays: 20), Make("c", pfsDays: 30)];
        Assert.IsTrue(double.IsNaN(ProgressionFreeSurvival.MedianDays(outcomes)));
    }

    [TestMethod]
    public void RestrictedMeanIsAreaUnderTheSteps()
    {
        // To day 12: 2*1 + 3*(5/6) + 5*(5/12) + 2*0 = 79/12.
        Assert.AreEqual(79.0 / 12, ProgressionFreeSurvival.RestrictedMeanDays(Tiny, 12), 1e-12);
        // To day 6: 2*1 + 3*(5/6) + 1*(5/12) = 59/12.
        Assert.AreEqual(59.0 / 12, ProgressionFreeSurvival.RestrictedMeanDays(Tiny, 6), 1e-12);
    }

    [TestMethod]
    public void RestrictedMeanOfAllCensoredAtFollowUpIsTheHorizon()
    {
        PatientOutcome[] outcomes = [Make("a"), Make("b")];
        Assert.AreEqual(364.0, ProgressionFreeSurvival.RestrictedMeanDays(outcomes), 1e-12);
        Assert.IsTrue(double.IsNaN(ProgressionFreeSurvival.MedianDays(outcomes)));
    }

    [TestMethod]
    public void CensoredAtAnEventTimeStaysAtRiskForThatEvent()
    {
        // 4e 4c 6e: at day 4 three at risk, one event -> 2/3; at day 6 one at risk -> 0.
        var curve = KaplanMeier.Curve([4.0, 4.0, 6.0], [true, false, true]);
        Assert.AreEqual(2.0 / 3, curve[1].Survival, 1e-12);
        Assert.AreEqual(3, curve[1].AtRisk);
        Assert.AreEqual(0.0, curve[2].Survival, 1e-12);
        Assert.AreEqual(1, curve[2].AtRisk);
    }

    [TestMethod]
    public void EventAtTimeZeroLowersTheFirstPoint()
    {
        var curve = KaplanMeier.Curve([0.0, 5.0], [true, false]);
        Assert.AreEqual(0.0, curve[0].TimeDays);
        Assert.AreEqual(0.5, curve[0].Survival, 1e-12);
        Assert.AreEqual(0.0, KaplanMeier.MedianDays(curve));
    }
}
