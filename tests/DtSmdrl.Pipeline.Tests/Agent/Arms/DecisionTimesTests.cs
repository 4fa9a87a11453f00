using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;

namespace DtSmdrl.Pipeline.Tests.Agent.Arms;

/// <summary>DT-SMDRL reports its compute per decision (the study's manifest puts it beside Twin-MPC's).</summary>
[TestClass]
public sealed class DecisionTimesTests
{
    [TestMethod]
    public void PrepareTimesEveryAdaptationAndThePolicyTimesEveryCycleItDecided()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-decision-times-" + Guid.NewGuid().ToString("N"));
        try
        {
            CohortFolder.Write(folder, new SyntheticCohortGenerator(new CohortOptions { Size = 30, Seed = 6 }));
            var cohort = CohortFolder.Load(folder);
            var test = cohort.InSplit(CohortSplit.Test).Take(4).ToList();
            var options = InCourseBeliefAblationTests.Tiny();
            var method = new DtSmdrlMethod(options);
            method.Fit(cohort.TrainingData(), seed: 2);
            var plan = method.Prepare(test);
            Assert.HasCount(test.Count, method.AdaptationSeconds);
            Assert.IsTrue(method.AdaptationSeconds.All(s => s > 0 && double.IsFinite(s)));

            var records = new EpisodeRunner(options.Environment).RunReplicates(plan.Policy, cohort.TruthOf(test), replicates: 2);
            var times = method.LastPolicies!.DecisionTimes;
            // One entry per cycle of each replicate in which someone was still on study; at cycle 0 everyone is.
            var cycle0 = times.Where(t => t.Cycle == 0).ToList();
            Assert.HasCount(2, cycle0, "one cycle-0 entry per replicate");
            Assert.IsTrue(cycle0.All(t => t.Decisions == test.Count));
            Assert.IsTrue(times.Count <= 2 * options.Environment.Cycles && times.All(t => t.Decisions is > 0 and <= 4));
            Assert.AreEqual(records.Count, 2 * test.Count);
            Assert.IsTrue(times.All(t => t.SecondsPerDecision > 0 && double.IsFinite(t.SecondsPerDecision)));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }
}
