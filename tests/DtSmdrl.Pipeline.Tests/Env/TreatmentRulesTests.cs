using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin;

namespace DtSmdrl.Pipeline.Tests.Env;

[TestClass]
public sealed class TreatmentRulesTests
{
    private static readonly ActionSet Actions = ActionSet.NsclcDefault;
    private static readonly bool[] Chemotherapy = Actions.Select(a => a.Chemotherapy > 0).ToArray();

    private static string[] Allowed(int chemotherapyCycles, int cycle, int previous)
    {
        var mask = new bool[Actions.Count];
        TreatmentRules.FillMask(mask, Chemotherapy, chemotherapyCycles, cycle, previous);
        return Enumerable.Range(0, Actions.Count).Where(a => mask[a]).Select(a => Actions[a].Name).ToArray();
    }

    [TestMethod]
    public void AtAScanEveryActionIsAllowedUntilTheChemotherapyLimit()
    {
        CollectionAssert.AreEqual(Actions.Names.ToArray(), Allowed(0, 0, -1));
        CollectionAssert.AreEqual(Actions.Names.ToArray(), Allowed(TreatmentRules.MaxChemotherapyCycles - 1, 2, 1));
        CollectionAssert.AreEqual(new[] { "hold", "targeted", "immuno" }, Allowed(TreatmentRules.MaxChemotherapyCycles, 2, 1));
    }

    [TestMethod]
    public void BetweenScansOnlyTheRunningRegimenOrHold()
    {
        var immuno = Actions.IndexOf("immuno");
        CollectionAssert.AreEqual(new[] { "hold", "immuno" }, Allowed(0, 1, immuno));
        CollectionAssert.AreEqual(new[] { "hold" }, Allowed(TreatmentRules.MaxChemotherapyCycles, 3, Actions.IndexOf("chemo_full")));
        // The first decision of a course is free whatever its cycle index says.
        CollectionAssert.AreEqual(Actions.Names.ToArray(), Allowed(0, 1, -1));
    }

    [TestMethod]
    public void ThePlanLibraryFollowsTheSameRules()
    {
        var library = new PlanLibrary(Actions, 8);
        Assert.AreEqual(TreatmentRules.DecisionBlockCycles, library.BlockCycles);
        Assert.AreEqual(TreatmentRules.MaxChemotherapyCycles, library.MaxChemotherapyCycles);
    }
}
