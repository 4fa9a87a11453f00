using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Evaluation.Progress;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Study.Truth;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Tests.Study;

/// <summary>Adaptation speed in observed scans: continuations from the true state each arm reached, on the same dice.</summary>
[TestClass]
public sealed class AdaptationStudyTests
{
    // Six cycles in three blocks: decision points after 0, 1 and 2 scans (cycles 0, 2, 4).
    private static readonly TwinEnvironmentOptions Environment = new() { Cycles = 6, FollowUpDay = 168 };
    private static readonly PerfectInformationSettings Settings = new(Environment, 4, 2, [QtwistUtility.Default], 0.10);
    private static readonly AdaptationOptions TwoScans = new() { Patients = 2, MaxScans = 2 };
    private static string folder = "";
    private static IReadOnlyList<StudyPatient> test = null!;
    private static IReadOnlyList<EvaluationTruth> truth = null!;

    private static ActionSet Actions => Environment.Simulation.Actions;

    [ClassInitialize]
    public static void MakeCohort(TestContext _)
    {
        folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-adaptation-" + Guid.NewGuid().ToString("N"));
        CohortFolder.Write(folder, new SyntheticCohortGenerator(new CohortOptions { Size = 30, Seed = 4 }));
        var cohort = CohortFolder.Load(folder);
        test = cohort.InSplit(CohortSplit.Test);
        truth = cohort.TruthOf(test);
    }

    [ClassCleanup]
    public static void DeleteCohort()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
    }

    /// <summary>An arm with a fixed plan per (replicate, patient): it counts the episodes (each starts at cycle 0) to know the replicate.</summary>
    private sealed class PlanArm(string name, Func<int, string, int[]> plan) : ITreatmentMethod
    {
        public string Name => name;
        public bool IsLearned => false;
        public void Fit(StudyData data, int seed, IProgress<string>? progress = null) { }
        public MethodPlan Prepare(IReadOnlyList<StudyPatient> testPatients) =>
            new(new ReplicatePolicy(testPatients.Select(p => p.Id).ToList(), plan), testPatients.Select(_ => double.NaN).ToArray());

        private sealed class ReplicatePolicy(IReadOnlyList<string> ids, Func<int, string, int[]> plan) : ITreatmentPolicy
        {
            private int replicate = -1;

            public void Decide(int cycle, ReadOnlySpan<double> observations, ReadOnlySpan<bool> done, Span<int> actions)
            {
                if (cycle == 0) replicate++;
                for (var i = 0; i < actions.Length; i++) actions[i] = plan(replicate, ids[i])[cycle];
            }
        }
    }

    /// <summary>An arm that reacts to what it observes and records everything it is given.</summary>
    private sealed class SpyArm : ITreatmentMethod
    {
        public List<IReadOnlyList<StudyPatient>> Prepared { get; } = [];
        public List<double> Seen { get; } = [];
        public string Name => "Spy";
        public bool IsLearned => false;
        public void Fit(StudyData data, int seed, IProgress<string>? progress = null) { }
        public MethodPlan Prepare(IReadOnlyList<StudyPatient> testPatients)
        {
            Prepared.Add(testPatients);
            return new(new Policy(this), testPatients.Select(_ => double.NaN).ToArray());
        }

        private sealed class Policy(SpyArm arm) : ITreatmentPolicy
        {
            public void Decide(int cycle, ReadOnlySpan<double> observations, ReadOnlySpan<bool> done, Span<int> actions)
            {
                arm.Seen.AddRange(observations.ToArray());
                var size = observations.Length / actions.Length;
                string[] choices = ["hold", "immuno", "targeted"];
                for (var i = 0; i < actions.Length; i++)
                {
                    var sum = 0.0;
                    foreach (var x in observations.Slice(i * size, size)) sum += x;
                    actions[i] = Actions.IndexOf(choices[(int)(Math.Abs(BitConverter.DoubleToInt64Bits(sum)) % 3)]);
                }
            }
        }
    }

    private static List<int> Picked => AdaptationStudy.Pick(test.Count, TwoScans.Patients);

    [TestMethod]
    public void PerfectInformationContinuationsCaptureAllOfTheGainAndHoldNone()
    {
        var library = new PlanLibrary(Actions, Environment.Cycles);
        var planner = new PerfectInformationPlanner(library, Environment, Settings.OracleReplicates, Settings.EvaluationReplicates, Settings.Utilities, Settings.SevereEventLimit);
        var vstar = Picked.ToDictionary(i => test[i].Id, i => planner.Solve(truth[i]).For(QtwistUtility.Default));
        var holdPlan = library.Plan(library.IndexOfHold()).ToArray();
        var vstarArm = new PlanArm("V* plan", (_, id) => library.Plan(vstar[id].Plan).ToArray());

        // The arm that, after one scan (cycle 2) of immunotherapy, follows the perfect-information continuation from the
        // true state it reached on that replicate's dice (built here from the truth, as only a test may).
        var immuno = Actions.IndexOf("immuno");
        var search = PerfectInformationContinuation.For(Settings);
        var continued = new Dictionary<(int, string), int[]>();
        foreach (var i in Picked)
            for (var r = 0; r < Settings.EvaluationReplicates; r++)
            {
                var state = new NsclcBatchSimulator(1, Environment.Simulation);
                state.Reset([truth[i].TrueTwin], [DiceSeeds.Evaluation(truth[i].DiceSeed, r)]);
                state.Advance([immuno]);
                state.Advance([immuno]);
                continued[(r, test[i].Id)] = [immuno, immuno, .. search.Solve(truth[i], state, 0, 0).Actions];
            }
        var continuationArm = new PlanArm("continuation after one scan", (r, id) => continued[(r, id)]);
        var holdArm = new PlanArm("hold", (_, _) => holdPlan);

        var records = AdaptationStudy.Run([vstarArm, continuationArm, holdArm], test, truth, Settings, TwoScans, threads: 2);
        Assert.HasCount(3 * 3 * 2 * Settings.EvaluationReplicates, records);
        foreach (var r in records.Where(r => r.Scans == 0))
        {
            // At k = 0 every arm starts from the twin's initial state: the continuation is V*'s plan on the same dice.
            var choice = vstar[r.PatientId];
            var perPatient = records.Where(x => x.Arm == r.Arm && x.Scans == 0 && x.PatientId == r.PatientId).ToList();
            Assert.AreEqual(choice.Value, perPatient.Average(x => x.PerfectValue), 1e-9, $"{r.Arm}, {r.PatientId}: V*");
            Assert.AreEqual(choice.HoldValue, perPatient.Average(x => x.HoldValue), 1e-9, $"{r.Arm}, {r.PatientId}: V_hold");
        }
        foreach (var r in records.Where(r => r.Arm == "V* plan" && r.Scans == 0).Concat(records.Where(r => r.Arm == "continuation after one scan" && r.Scans == 1)))
            Assert.AreEqual(r.PerfectValue, r.ArmValue, 1e-9, $"{r.Arm}, k = {r.Scans}, {r.PatientId}, replicate {r.Replicate}");
        foreach (var r in records.Where(r => r.Arm == "hold"))
            Assert.AreEqual(r.HoldValue, r.ArmValue, 1e-9, $"hold, k = {r.Scans}");

        var summary = AdaptationSummary.Of(records, resamples: 50);
        double Gain(string arm, int k) => summary.Single(s => s.Arm == arm && s.Scans == k).GainCaptured;
        Assert.AreEqual(1.0, Gain("V* plan", 0), 1e-9);
        Assert.AreEqual(1.0, Gain("continuation after one scan", 1), 1e-9);
        Assert.AreEqual(0.0, Gain("hold", 0), 1e-9);
        Assert.AreEqual(0, AdaptationSummary.ScansToReach(summary.Where(s => s.Arm == "V* plan")));
        Assert.IsNull(AdaptationSummary.ScansToReach(summary.Where(s => s.Arm == "hold")));
        // Treatment helps these patients, so the gains above are ratios of non-zero numbers.
        foreach (var (arm, k) in new[] { ("V* plan", 0), ("continuation after one scan", 1), ("hold", 0) })
        {
            var row = summary.Single(s => s.Arm == arm && s.Scans == k);
            Assert.IsGreaterThan(row.MeanHold + 1, row.MeanPerfect, $"{arm}, k = {k}");
        }
    }

    [TestMethod]
    public void TheTruthAndTheSearchNeverReachTheArm()
    {
        // Two searches that differ (oracle replicates and limit) must leave the arm's inputs, decisions and values unchanged.
        var spyA = new SpyArm();
        var a = AdaptationStudy.Run([spyA], test, truth, Settings, TwoScans, threads: 1);
        var spyB = new SpyArm();
        var b = AdaptationStudy.Run([spyB], test, truth, Settings with { OracleReplicates = 2, SevereEventLimit = 1.0 }, TwoScans, threads: 2);
        CollectionAssert.AreEqual(spyA.Seen, spyB.Seen, "the arm observed something of the search");
        CollectionAssert.AreEqual(a.Select(r => r.ArmValue).ToArray(), b.Select(r => r.ArmValue).ToArray());
        Assert.IsTrue(a.Zip(b).Any(p => p.First.PerfectValue != p.Second.PerfectValue), "the two searches should differ somewhere");

        // The arm is given the measured test patients themselves (records without truth) and nothing else.
        Assert.HasCount(1, spyA.Prepared);
        CollectionAssert.AreEqual(Picked.Select(i => test[i]).ToArray(), spyA.Prepared[0].ToArray());
        // Its own episodes are exactly what the study's episode runner gives the same policy on the same dice.
        var spyC = new SpyArm();
        var plain = new EpisodeRunner(Environment).RunReplicates(spyC.Prepare(spyA.Prepared[0]).Policy, Picked.Select(i => truth[i]).ToList(), Settings.EvaluationReplicates);
        var atStart = a.Where(r => r.Scans == 0).ToList();
        CollectionAssert.AreEqual(plain.Select(e => QtwistUtility.Default.Value(e.Days)).ToArray(), atStart.Select(r => r.ArmValue).ToArray());
        CollectionAssert.AreEqual(spyC.Seen, spyA.Seen);
    }

    [TestMethod]
    public void AContinuationTakenFromAnEarlierArmWithTheSameActionsEqualsSearchingAgain()
    {
        int A(string name) => Actions.IndexOf(name);
        // Both give immunotherapy for the first block, then part: the same true state after one scan, not after two.
        var targeted = new PlanArm("immuno then targeted", (_, _) => [A("immuno"), A("immuno"), A("targeted"), A("targeted"), A("targeted"), A("targeted")]);
        var hold = new PlanArm("immuno then hold", (_, _) => [A("immuno"), A("immuno"), A("hold"), A("hold"), A("hold"), A("hold")]);
        var alone = AdaptationStudy.Run([targeted], test, truth, Settings, TwoScans, threads: 2);
        var lines = new List<string>();
        var after = AdaptationStudy.Run([hold, targeted], test, truth, Settings, TwoScans, threads: 2, new SynchronousProgress<string>(lines.Add));

        CollectionAssert.AreEqual(alone.ToArray(), after.Where(r => r.Arm == targeted.Name).ToArray());
        // After one scan all 2 patients x 4 replicates are taken from the first arm; after two scans none can be.
        var pairs = TwoScans.Patients * Settings.EvaluationReplicates;
        CollectionAssert.Contains(lines, $"adaptation: {targeted.Name}: {pairs} of {2 * pairs} continuations after k >= 1 scans taken from an earlier arm that had given the same actions");
        // The arms part after one scan, so their continuations after two scans differ somewhere.
        Assert.IsTrue(after.Where(r => r.Scans == 2).GroupBy(r => (r.PatientId, r.Replicate)).Any(g => g.Select(r => r.PerfectValue).Distinct().Count() > 1));
    }

    [TestMethod]
    public void RepeatsForTheSameInputsAndRejectsBadOnes()
    {
        var hold = new PlanArm("hold", (_, _) => Enumerable.Repeat(Actions.IndexOf("hold"), Environment.Cycles).ToArray());
        var immuno = new PlanArm("immuno", (_, _) => Enumerable.Repeat(Actions.IndexOf("immuno"), Environment.Cycles).ToArray());
        var once = AdaptationStudy.Run([hold, immuno], test, truth, Settings, TwoScans, threads: 1);
        var twice = AdaptationStudy.Run([hold, immuno], test, truth, Settings, TwoScans, threads: 2);
        CollectionAssert.AreEqual(once.ToArray(), twice.ToArray());
        // The study's V* choices as the k = 0 continuation give the same records as searching again.
        var planner = new PerfectInformationPlanner(new PlanLibrary(Actions, Environment.Cycles), Environment, Settings.OracleReplicates,
            Settings.EvaluationReplicates, Settings.Utilities, Settings.SevereEventLimit);
        var perfect = truth.Select(t => planner.Solve(t).For(QtwistUtility.Default)).ToList();
        CollectionAssert.AreEqual(once.ToArray(), AdaptationStudy.Run([hold, immuno], test, truth, Settings, TwoScans, 2, perfect: perfect).ToArray());
        Assert.ThrowsExactly<ArgumentException>(() => AdaptationStudy.Run([hold], test, truth, Settings, TwoScans, 1, perfect: perfect.Take(1).ToList()));

        Assert.ThrowsExactly<ArgumentException>(() => AdaptationStudy.Run([hold], test, truth.Reverse().ToList(), Settings, TwoScans, 1));
        Assert.ThrowsExactly<ArgumentException>(() => AdaptationStudy.Run([hold], test, truth, Settings, TwoScans with { MaxScans = 3 }, 1));
    }
}
