using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Twin;

namespace DtSmdrl.Pipeline.Tests.Agent.Arms;

[TestClass]
public sealed class ModalPlanTests
{
    [TestMethod]
    public void DeadRolloutsAreSkippedAndACycleNobodyReachedIsHold()
    {
        var actions = ActionSet.NsclcDefault;
        int immuno = actions.IndexOf("immuno"), targeted = actions.IndexOf("targeted");
        // Three rollouts: one dies after cycle 1 (-1 afterwards), all have died by cycle 3.
        var plan = DtSmdrlRecommender.ModalPlan(
        [
            [immuno, targeted, -1],
            [immuno, immuno, -1],
            [targeted, -1, -1],
        ], actions);
        CollectionAssert.AreEqual(new[] { "immuno", "targeted", "hold" }, plan); // cycle 2: tie 1-1 -> lower index (targeted)
    }
}
