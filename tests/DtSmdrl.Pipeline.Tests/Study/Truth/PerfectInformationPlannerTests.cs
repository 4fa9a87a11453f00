using System.Diagnostics;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Study.Truth;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Tests.Study.Truth;

[TestClass]
public sealed class PerfectInformationPlannerTests
{
    public TestContext TestContext { get; set; } = null!;

    // Four cycles in two blocks keeps the tree small (6 + 36 nodes, 36 plans) while still branching twice.
    private static readonly TwinEnvironmentOptions Short = new() { Cycles = 4, FollowUpDay = 126 };

    private static readonly EvaluationTruth Patient = new("p1", NsclcParameters.Typical with { Responder = 1, KI = 0.05 }, 1234);

    [TestMethod]
    public void DefaultLibraryHasTheDocumentedSizeAndTreeShape()
    {
        var library = new PlanLibrary(ActionSet.NsclcDefault);
        Assert.AreEqual(1215, library.Count);
        Assert.AreEqual(-1, library.IndexOfConstant(ActionSet.NsclcDefault.IndexOf("chemo_full")), "8 chemo cycles exceed the limit of 6");
        Assert.AreEqual(library.IndexOfConstant(ActionSet.NsclcDefault.IndexOf("hold")), library.IndexOfHold());
        var planner = new PerfectInformationPlanner(library, new TwinEnvironmentOptions(), 1, 1, [QtwistUtility.Default]);
        // Prefixes of 1..4 blocks; the last level holds one leaf per plan (the chemotherapy cap prunes 81 of 1,296).
        CollectionAssert.AreEqual(new[] { 6, 36, 216, 1215 }, planner.NodesPerLevel.ToArray());
    }

    [TestMethod]
    public void TreeSearchEqualsRunningEveryPlanThroughTheEpisodeRunner()
    {
        var library = new PlanLibrary(Short.Simulation.Actions, Short.Cycles);
        const int oracleReplicates = 3;
        var planner = new PerfectInformationPlanner(library, Short, oracleReplicates, 2, [QtwistUtility.Default]);
        var result = planner.Solve(Patient);

        // Every plan as a fixed policy, one episode per (plan, oracle replicate), through the environment the methods use.
        var runner = new EpisodeRunner(Short);
        var n = library.Count;
        var days = new QtwistDays[n];
        var severe = new int[n];
        for (var r = 0; r < oracleReplicates; r++)
        {
            var policy = new FixedPlanPolicy(Enumerable.Range(0, n).Select(p => library.Plan(p).ToArray()).ToList());
            var ids = Enumerable.Range(0, n).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var run = runner.Run(policy, ids, Enumerable.Repeat(Patient.TrueTwin, n).ToArray(),
                Enumerable.Repeat(DiceSeeds.Oracle(Patient.DiceSeed, r), n).ToArray());
            for (var p = 0; p < n; p++)
            {
                days[p] += run[p].Days;
                if (run[p].SevereToxicity) severe[p]++;
            }
        }
        for (var p = 0; p < n; p++)
        {
            var expected = days[p].Over(oracleReplicates);
            Assert.AreEqual(expected.Toxicity, result.PlanDays[p].Toxicity, 1e-9, $"plan {library.Describe(library.Plan(p))}: toxicity days");
            Assert.AreEqual(expected.Twist, result.PlanDays[p].Twist, 1e-9, $"plan {library.Describe(library.Plan(p))}: TWiST days");
            Assert.AreEqual(expected.Relapse, result.PlanDays[p].Relapse, 1e-9, $"plan {library.Describe(library.Plan(p))}: relapse days");
            Assert.AreEqual(severe[p] / (double)oracleReplicates, result.PlanSevereProbability[p], 1e-12);
        }
        // Plans differ (the search is not comparing copies of one course).
        Assert.IsGreaterThan(1, result.PlanDays.Distinct().Count());
    }

    [TestMethod]
    public void ChosenPlanIsValuedOnTheEvaluationReplicatesTheMethodsFace()
    {
        var library = new PlanLibrary(Short.Simulation.Actions, Short.Cycles);
        const int evaluationReplicates = 3;
        var utilities = new[] { QtwistUtility.Default, new QtwistUtility(0.25, 0.75) };
        var result = new PerfectInformationPlanner(library, Short, 4, evaluationReplicates, utilities).Solve(Patient);
        var runner = new EpisodeRunner(Short);
        foreach (var utility in utilities)
        {
            var choice = result.For(utility);
            Assert.AreEqual(PerfectInformationPlanner.Choose(result.PlanDays, result.PlanSevereProbability, utility, 0.10).Plan, choice.Plan);
            var chosen = runner.RunReplicates(new FixedPlanPolicy([library.Plan(choice.Plan).ToArray()]), [Patient], evaluationReplicates);
            var hold = runner.RunReplicates(new FixedPlanPolicy([library.Plan(library.IndexOfHold()).ToArray()]), [Patient], evaluationReplicates);
            Assert.AreEqual(chosen.Average(e => utility.Value(e.Days)), choice.Value, 1e-9);
            Assert.AreEqual(hold.Average(e => utility.Value(e.Days)), choice.HoldValue, 1e-9);
            Assert.AreEqual(utility.Value(result.PlanDays[choice.Plan]), choice.OracleValue, 1e-12);
        }
        Assert.ThrowsExactly<KeyNotFoundException>(() => result.For(new QtwistUtility(0.75, 0.75)));
    }

    [TestMethod]
    public void ChoiceTakesTheBestPlanWithinTheLimitElseTheLeastRisky()
    {
        QtwistDays[] days = [new(0, 100, 0), new(0, 300, 0), new(0, 200, 0), new(0, 250, 0)];
        double[] risk = [0.0, 0.5, 0.10, 0.2];
        // Plan 1 is best but too risky; plan 2 sits exactly on the limit and is allowed.
        Assert.AreEqual((2, 2), PerfectInformationPlanner.Choose(days, risk, QtwistUtility.Default, 0.10));
        // With no plan within the limit, the least risky wins, whatever its value.
        double[] allRisky = [0.4, 0.5, 0.3, 0.3];
        Assert.AreEqual((3, 0), PerfectInformationPlanner.Choose(days, allRisky, QtwistUtility.Default, 0.10));
        // The utility changes the ranking: toxicity days weigh u_TOX.
        QtwistDays[] mixed = [new(200, 50, 0), new(0, 140, 0)];
        Assert.AreEqual(0, PerfectInformationPlanner.Choose(mixed, [0.0, 0.0], new QtwistUtility(0.75, 0.5), 0.10).Plan);
        Assert.AreEqual(1, PerfectInformationPlanner.Choose(mixed, [0.0, 0.0], new QtwistUtility(0.25, 0.5), 0.10).Plan);
    }

    [TestMethod]
    public void TreeSearchIsFasterThanSimulatingEveryPlanWhole()
    {
        // Side by side in one run (the machine is shared, so the processor time of this process, best of three): two
        // oracle replicates of the default library by the tree, and the same 2 x 1,215 episodes simulated whole as one
        // batch through the environment.
        var options = new TwinEnvironmentOptions();
        var library = new PlanLibrary(ActionSet.NsclcDefault);
        var planner = new PerfectInformationPlanner(library, options, 2, 1, [QtwistUtility.Default]);
        var runner = new EpisodeRunner(options);
        var policy = new FixedPlanPolicy(Enumerable.Range(0, library.Count).Select(p => library.Plan(p).ToArray()).ToList());
        var ids = Enumerable.Range(0, library.Count).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var twins = Enumerable.Repeat(Patient.TrueTwin, library.Count).ToArray();

        PerfectInformationResult result = null!;
        var days = new QtwistDays[library.Count];
        double tree = double.MaxValue, whole = double.MaxValue;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            tree = Math.Min(tree, ProcessorSeconds(() => result = planner.Solve(Patient)));
            whole = Math.Min(whole, ProcessorSeconds(() =>
            {
                Array.Clear(days);
                for (var r = 0; r < 2; r++)
                {
                    var run = runner.Run(policy, ids, twins, Enumerable.Repeat(DiceSeeds.Oracle(Patient.DiceSeed, r), library.Count).ToArray());
                    for (var p = 0; p < library.Count; p++) days[p] += run[p].Days;
                }
            }));
        }
        TestContext.WriteLine($"2 oracle replicates x {library.Count} plans, processor seconds: tree {tree:F2}, whole episodes {whole:F2} ({whole / tree:F2}x)");
        for (var p = 0; p < library.Count; p += 97)
            Assert.AreEqual(days[p].Over(2), result.PlanDays[p], $"plan {p}");
        Assert.IsLessThan(whole, tree, "the tree shares every prefix; it must not be slower than whole episodes");
    }

    private static double ProcessorSeconds(Action action)
    {
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        action();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalSeconds;
    }
}
