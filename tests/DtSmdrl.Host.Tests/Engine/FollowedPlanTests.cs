using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Storage;

namespace DtSmdrl.Host.Tests.Engine;

[TestClass]
public sealed class FollowedPlanTests
{
    [TestMethod]
    public void TheLatestOverrideOfTheLatestRecommendationDecidesThePlan()
    {
        using var db = TestDatabase.Create("sqlite");
        TestPatients.Store(db.Database, "P1");
        Assert.IsNull(FollowedPlan.Latest(db.Database, "P1"), "no recommendation, no plan");

        var first = Recommend(db.Database, "immuno");
        var followed = FollowedPlan.Latest(db.Database, "P1")!;
        Assert.IsFalse(followed.IsOverride);
        CollectionAssert.AreEqual(new[] { "immuno", "immuno" }, followed.Regimens.ToArray());

        var decisions = new RecommendationDecisionStore(db.Database);
        decisions.Append(Decision(first, DecisionKind.Overridden, "chemo_full"));
        followed = FollowedPlan.Latest(db.Database, "P1")!;
        Assert.IsTrue(followed.IsOverride);
        CollectionAssert.AreEqual(new[] { "chemo_full", "chemo_full" }, followed.Regimens.ToArray(), "the clinician's choice is followed");

        decisions.Append(Decision(first, DecisionKind.Accepted, null));
        CollectionAssert.AreEqual(new[] { "immuno", "immuno" }, FollowedPlan.Latest(db.Database, "P1")!.Regimens.ToArray(), "a later accept wins");

        decisions.Append(Decision(first, DecisionKind.Overridden, "targeted"));
        Recommend(db.Database, "chemo_immuno");
        followed = FollowedPlan.Latest(db.Database, "P1")!;
        Assert.IsFalse(followed.IsOverride, "a decision on an older recommendation does not carry over to a newer one");
        CollectionAssert.AreEqual(new[] { "chemo_immuno", "chemo_immuno" }, followed.Regimens.ToArray());
    }

    private static long Recommend(Database database, string regimen) => database.Write(t => RecommendationStore.Append(t,
        new StoredRecommendation(0, "P1", database.NowMs, "test", 1, null, Plan(regimen), "{}", 0.5, 0.1, 0.2, 0.7, "{}", "sha")));

    private static StoredDecision Decision(long recommendationId, string decision, string? regimen) => new(
        0, recommendationId, "P1", decision, "a reason", regimen is null ? null : Plan(regimen), DecisionSource.ClinicianPage, null, null, 1);

    private static string Plan(string regimen) =>
        $$"""[{"cycle":1,"regimen":"{{regimen}}"},{"cycle":2,"regimen":"{{regimen}}"}]""";
}
