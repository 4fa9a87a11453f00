using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Twin;

namespace DtSmdrl.Pipeline.Tests.Baselines;

[TestClass]
public sealed class StandardSchedulePolicyTests
{
    private static readonly ActionSet Actions = ActionSet.NsclcDefault;

    private static double[] Observation(double sld = 80, double anc = 5, double daysSinceScan = 0, double grade = 0, bool irae = false)
    {
        var row = new double[TwinObservation.Size];
        row[TwinObservation.LatestSld] = sld;
        row[TwinObservation.LatestAnc] = anc;
        row[TwinObservation.DaysSinceScan] = daysSinceScan;
        row[TwinObservation.NeutropeniaGrade] = grade;
        row[TwinObservation.IraeActive] = irae ? 1 : 0;
        return row;
    }

    private static string Decide(StandardSchedulePolicy policy, int cycle, double[] observation)
    {
        var action = new int[1];
        policy.Decide(cycle, observation, [false], action);
        return Actions[action[0]].Name;
    }

    [TestMethod]
    public void FirstLineFollowsTheBiomarkerGroup()
    {
        Assert.AreEqual("targeted", Decide(StandardSchedulePolicy.ForGuideline(Actions, [new(true, 80)]), 0, Observation()));
        Assert.AreEqual("immuno", Decide(StandardSchedulePolicy.ForGuideline(Actions, [new(false, 60)]), 0, Observation()));
        Assert.AreEqual("chemo_immuno", Decide(StandardSchedulePolicy.ForGuideline(Actions, [new(false, 10)]), 0, Observation()));
        Assert.AreEqual("chemo_immuno", Decide(StandardSchedulePolicy.ForGuideline(Actions, [new(null, null)]), 0, Observation()));
    }

    [TestMethod]
    public void CombinationGivesFourChemotherapyCyclesThenMaintenance()
    {
        var policy = StandardSchedulePolicy.ForGuideline(Actions, [new(false, 10)]);
        var names = Enumerable.Range(0, 6).Select(c => Decide(policy, c, Observation(daysSinceScan: c % 2 == 0 ? 0 : 21))).ToList();
        CollectionAssert.AreEqual(new[] { "chemo_immuno", "chemo_immuno", "chemo_immuno", "chemo_immuno", "immuno", "immuno" }, names);
    }

    [TestMethod]
    public void LowAncWithholdsChemotherapyAndIraeHoldsTheAntibody()
    {
        Assert.AreEqual("immuno", Decide(StandardSchedulePolicy.ForGuideline(Actions, [new(false, 10)]), 0, Observation(anc: 1.2)));
        Assert.AreEqual("chemo_full", Decide(StandardSchedulePolicy.ForGuideline(Actions, [new(false, 10)]), 0, Observation(irae: true)));
        Assert.AreEqual("hold", Decide(StandardSchedulePolicy.ForGuideline(Actions, [new(false, 60)]), 0, Observation(irae: true)));
    }

    [TestMethod]
    public void ProgressionOnTargetedMovesToChemotherapy()
    {
        var policy = StandardSchedulePolicy.ForGuideline(Actions, [new(true, 0)]);
        Assert.AreEqual("targeted", Decide(policy, 0, Observation(sld: 80)));
        Assert.AreEqual("targeted", Decide(policy, 1, Observation(sld: 80, daysSinceScan: 21)));
        Assert.AreEqual("targeted", Decide(policy, 2, Observation(sld: 60)));
        // 60 -> 73: +21.7% and +13 mm from the nadir: RECIST progression.
        Assert.AreEqual("chemo_full", Decide(policy, 4, Observation(sld: 73)));
    }
}
