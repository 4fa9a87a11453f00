using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Study.Truth;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Tests.Study;

[TestClass]
public sealed class EpisodeRunnerTests
{
    private static readonly TwinEnvironmentOptions Environment = new() { Cycles = 4, FollowUpDay = 147 };

    private static readonly EvaluationTruth[] Truth =
    [
        new("a", NsclcParameters.Typical, 11),
        new("b", NsclcParameters.Typical with { Responder = 1, KI = 0.05 }, 12),
        new("c", NsclcParameters.Typical with { KT = 0.08 }, 13),
    ];

    private static readonly string[] FirstLines = ["chemo_immuno", "immuno", "targeted"];

    [TestMethod]
    public void ReplicatesAreWholeEpisodesOfAStatefulPolicyEachFromCycleZero()
    {
        var runner = new EpisodeRunner(Environment);
        var actions = Environment.Simulation.Actions;
        // One guideline policy (it tracks chemotherapy cycles, dose reductions and progression) for all replicates.
        var records = runner.RunReplicates(new StandardSchedulePolicy(actions, FirstLines), Truth, replicates: 3);
        Assert.HasCount(3 * Truth.Length, records);
        for (var r = 0; r < 3; r++)
        {
            // A fresh policy on replicate r's dice alone gives the same episodes: the policy started again at cycle 0.
            var seeds = Truth.Select(t => DiceSeeds.Evaluation(t.DiceSeed, r)).ToArray();
            var fresh = runner.Run(new StandardSchedulePolicy(actions, FirstLines), Truth.Select(t => t.Id).ToList(),
                Truth.Select(t => t.TrueTwin).ToArray(), seeds, replicate: r);
            for (var i = 0; i < Truth.Length; i++)
            {
                var got = records[r * Truth.Length + i];
                Assert.AreEqual(Truth[i].Id, got.PatientId);
                Assert.AreEqual(r, got.Replicate);
                CollectionAssert.AreEqual(fresh[i].Actions, got.Actions, $"patient {got.PatientId} replicate {r}");
                Assert.AreEqual(fresh[i].Days, got.Days);
                Assert.AreEqual(fresh[i].PfsDays, got.PfsDays);
            }
        }
        // The replicates differ: the dice change between them, not only the seed label.
        Assert.IsTrue(Enumerable.Range(0, Truth.Length).Any(i => records[i].Days != records[Truth.Length + i].Days
            || records[i].BaselineSldMm != records[Truth.Length + i].BaselineSldMm));
    }

    [TestMethod]
    public void DayCountsAddUpToTheDaysAliveAndCommonDiceAreSharedAcrossArms()
    {
        var runner = new EpisodeRunner(Environment);
        var hold = Environment.Simulation.Actions.IndexOf("hold");
        var holdRun = runner.RunReplicates(FixedPlanPolicy.Constant(hold, Truth.Length, Environment.Cycles), Truth, 2);
        var treatRun = runner.RunReplicates(new StandardSchedulePolicy(Environment.Simulation.Actions, FirstLines), Truth, 2);
        foreach (var e in holdRun.Concat(treatRun))
        {
            var total = e.ToxicityDays + e.TwistDays + e.RelapseDays;
            Assert.IsTrue(total is >= 0 and <= 147, $"{e.PatientId}: {total} days counted over a 147-day follow-up");
            // The study's J (from the day counts, at the study's utility) is the reward the learners were given.
            Assert.AreEqual(e.Value, new StudyRunOptions { Environment = Environment }.Utility.Value(e.Days), 1e-9, $"{e.PatientId}: summed reward vs Q-TWiST days");
        }
        // The baseline scan is drawn from the replicate's dice before any decision: identical for every arm.
        CollectionAssert.AreEqual(holdRun.Select(e => e.BaselineSldMm).ToArray(), treatRun.Select(e => e.BaselineSldMm).ToArray());
    }
}
