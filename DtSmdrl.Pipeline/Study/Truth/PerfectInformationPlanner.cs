using System.Diagnostics;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Study.Truth;

/// <summary>
/// The perfect-information value V* of metrics.md: someone who knows the true twin but not the dice runs every plan of
/// the <see cref="PlanLibrary"/> on R_o oracle replicates (<see cref="DiceSeeds.Oracle"/>), takes the plan with the best
/// mean J among those whose severe-event probability over these replicates is at most the limit (else the plan with
/// the lowest probability), and that plan is valued on the R evaluation replicates (<see cref="DiceSeeds.Evaluation"/>),
/// the dice every method faces. No treatment is valued on the same replicates (V_hold).
/// </summary>
/// <remarks>
/// Plans share their prefix: the search is a tree of one level per block (6 + 36 + 216 + 1,296 nodes for the default
/// library, fewer where the library leaves a prefix out), each level branched from the one above and advanced one
/// block, then every leaf is followed up under hold. All R_o replicates are searched together and every node simulates
/// one trajectory per distinct event history of its replicates, not one per replicate (<see cref="SharedDiceTrajectories"/>:
/// the irAE and targeted-therapy draws are the only dice that change the dynamics; deaths and scans are accounted per
/// replicate on the shared trajectory). The valuation runs the same way on the R evaluation replicates. The results
/// are bit-identical to one simulator slot per (node, replicate): the counters are counter-based, so a branch equals
/// re-simulating its whole path. J is linear in the three day counts, so the mean counts per plan are kept and the
/// plan is chosen for every requested utility without re-simulating. One planner per thread: it owns its simulators.
/// </remarks>
public sealed class PerfectInformationPlanner
{
    private readonly PlanLibrary library;
    private readonly TwinEnvironmentOptions environment;
    private readonly int oracleReplicates;
    private readonly int evaluationReplicates;
    private readonly double severeLimit;
    private readonly QtwistUtility[] utilities;
    private readonly int holdAction;
    private readonly int holdPlan;
    private readonly int[][] parent;
    private readonly int[][] blockAction;
    private readonly int[] leafOfPlan;
    private readonly SharedDiceTrajectories root;
    private readonly SharedDiceTrajectories[] levels;
    private readonly int[] leafHold;
    private readonly SharedDiceTrajectories valuation;
    private readonly ulong[] oracleSeeds;
    private readonly ulong[] evaluationSeeds;
    private readonly long[] groupCyclesPerLevel;
    private readonly long[] nodeCyclesPerLevel;

    /// <param name="library">The plans searched; its horizon must be the environment's.</param>
    /// <param name="environment">Episode settings (cycles, follow-up, simulator).</param>
    /// <param name="oracleReplicates">R_o (metrics.md: at least 16).</param>
    /// <param name="evaluationReplicates">R, as the methods are run with.</param>
    /// <param name="utilities">The utilities to choose a plan for (the study's and the sensitivity grid).</param>
    /// <param name="severeLimit">The severe-event probability limit (metrics.md: 0.10).</param>
    public PerfectInformationPlanner(PlanLibrary library, TwinEnvironmentOptions environment, int oracleReplicates, int evaluationReplicates,
        IReadOnlyList<QtwistUtility> utilities, double severeLimit = 0.10)
    {
        this.library = library ?? throw new ArgumentNullException(nameof(library));
        this.environment = environment ?? throw new ArgumentNullException(nameof(environment));
        environment.Validate();
        if (library.Cycles != environment.Cycles)
            throw new ArgumentException($"The plan library covers {library.Cycles} cycles but the environment runs {environment.Cycles}.");
        ArgumentOutOfRangeException.ThrowIfLessThan(oracleReplicates, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(evaluationReplicates, 1);
        ArgumentNullException.ThrowIfNull(utilities);
        if (utilities.Count == 0) throw new ArgumentException("The planner needs at least one utility.", nameof(utilities));
        foreach (var u in utilities) u.Validate();
        if (!(severeLimit >= 0.0 && severeLimit <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(severeLimit), severeLimit, "The severe-event limit is a probability in [0, 1].");
        this.oracleReplicates = oracleReplicates;
        this.evaluationReplicates = evaluationReplicates;
        this.severeLimit = severeLimit;
        this.utilities = utilities.Distinct().ToArray();

        holdPlan = library.IndexOfHold();
        holdAction = library.ActionAt(holdPlan, 0);

        (parent, blockAction, leafOfPlan) = BuildTree(library);
        root = new SharedDiceTrajectories(1, oracleReplicates, environment.Simulation);
        levels = parent.Select(p => new SharedDiceTrajectories(p.Length, oracleReplicates, environment.Simulation)).ToArray();
        leafHold = Enumerable.Repeat(holdAction, parent[^1].Length).ToArray();
        valuation = new SharedDiceTrajectories(this.utilities.Length + 1, evaluationReplicates, environment.Simulation);
        oracleSeeds = new ulong[oracleReplicates];
        evaluationSeeds = new ulong[evaluationReplicates];
        groupCyclesPerLevel = new long[levels.Length + 2];
        nodeCyclesPerLevel = new long[levels.Length + 2];
    }

    public PlanLibrary Library => library;

    /// <summary>Simulated nodes per oracle replicate, by level (the tree's shape).</summary>
    public IReadOnlyList<int> NodesPerLevel => parent.Select(p => p.Length).ToArray();

    /// <summary>
    /// Mean distinct trajectories simulated per node and cycle over every <see cref="Solve"/> so far, for each tree level,
    /// then the leaves' follow-up, then the valuation (R_o, resp. R, would be one trajectory per replicate).
    /// </summary>
    public IReadOnlyList<double> TrajectoriesPerNode =>
        groupCyclesPerLevel.Select((g, i) => nodeCyclesPerLevel[i] == 0 ? double.NaN : g / (double)nodeCyclesPerLevel[i]).ToArray();

    /// <summary>Searches and values the plans for one patient.</summary>
    public PerfectInformationResult Solve(EvaluationTruth truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        var watch = Stopwatch.StartNew();
        var plans = library.Count;
        var sums = new QtwistDays[plans];
        var severeCounts = new int[plans];
        for (var r = 0; r < oracleReplicates; r++) oracleSeeds[r] = DiceSeeds.Oracle(truth.DiceSeed, r);
        var leaves = SimulateTree(truth.TrueTwin);
        var tox = leaves.ToxicityDays;
        var twist = leaves.TwistDays;
        var rel = leaves.RelapseDays;
        var severe = leaves.SevereToxicityEver;
        for (var p = 0; p < plans; p++)
        {
            var first = leafOfPlan[p] * oracleReplicates;
            for (var r = 0; r < oracleReplicates; r++)
            {
                sums[p] += new QtwistDays(tox[first + r], twist[first + r], rel[first + r]);
                if (severe[first + r]) severeCounts[p]++;
            }
        }
        var days = sums.Select(s => s.Over(oracleReplicates)).ToArray();
        var probability = severeCounts.Select(c => c / (double)oracleReplicates).ToArray();

        var picks = utilities.Select(u => (Utility: u, Pick: Choose(days, probability, u, severeLimit))).ToArray();
        var valued = ValueOnEvaluationReplicates(truth, [holdPlan, .. picks.Select(p => p.Pick.Plan)]);
        var choices = picks.Select(p => new PerfectInformationChoice(p.Utility, p.Pick.Plan, probability[p.Pick.Plan],
            probability[p.Pick.Plan] <= severeLimit, p.Pick.SafePlans, p.Utility.Value(days[p.Pick.Plan]),
            valued[p.Pick.Plan], valued[holdPlan])).ToList();
        return new PerfectInformationResult(truth.Id, days, probability, choices, watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The plan with the highest mean J among plans with severe-event probability at most <paramref name="limit"/>
    /// (lowest index among ties); when none is within it, the plan with the lowest probability (then highest J, then
    /// lowest index). Also returns how many plans are within the limit.
    /// </summary>
    public static (int Plan, int SafePlans) Choose(IReadOnlyList<QtwistDays> days, IReadOnlyList<double> severeProbability, QtwistUtility utility, double limit)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(severeProbability);
        if (days.Count == 0 || days.Count != severeProbability.Count)
            throw new ArgumentException($"{days.Count} plans' day counts but {severeProbability.Count} probabilities.");
        int bestSafe = -1, leastRisky = 0, safe = 0;
        for (var p = 0; p < days.Count; p++)
        {
            var value = utility.Value(days[p]);
            if (severeProbability[p] <= limit)
            {
                safe++;
                if (bestSafe < 0 || value > utility.Value(days[bestSafe])) bestSafe = p;
            }
            var lower = severeProbability[p] < severeProbability[leastRisky];
            var tie = severeProbability[p] == severeProbability[leastRisky] && value > utility.Value(days[leastRisky]);
            if (lower || tie) leastRisky = p;
        }
        return (bestSafe >= 0 ? bestSafe : leastRisky, safe);
    }

    // All oracle replicates through the whole tree; returns the leaf level after the follow-up.
    private SharedDiceTrajectories SimulateTree(in NsclcParameters twin)
    {
        root.Reset(twin, oracleSeeds, 1);
        var above = root;
        for (var level = 0; level < levels.Length; level++)
        {
            var node = levels[level];
            node.BranchFrom(above, parent[level]);
            var (groupsBefore, nodesBefore) = (node.SimulatedGroupCycles, node.NodeCycles);
            for (var c = 0; c < library.BlockCycles; c++) node.Advance(blockAction[level], CycleDays);
            Count(level, node, groupsBefore, nodesBefore);
            above = node;
        }
        var (followGroups, followNodes) = (above.SimulatedGroupCycles, above.NodeCycles);
        FollowUp(above, leafHold);
        Count(levels.Length, above, followGroups, followNodes);
        return above;
    }

    // Mean day counts of the given plans (duplicates allowed) over the evaluation replicates, all in one batch.
    private Dictionary<int, QtwistDays> ValueOnEvaluationReplicates(EvaluationTruth truth, IReadOnlyList<int> wanted)
    {
        var distinct = wanted.Distinct().ToArray();
        var r = evaluationReplicates;
        for (var k = 0; k < r; k++) evaluationSeeds[k] = DiceSeeds.Evaluation(truth.DiceSeed, k);
        valuation.Reset(truth.TrueTwin, evaluationSeeds, distinct.Length);
        var (groupsBefore, nodesBefore) = (valuation.SimulatedGroupCycles, valuation.NodeCycles);
        var step = new int[distinct.Length];
        for (var c = 0; c < environment.Cycles; c++)
        {
            for (var d = 0; d < distinct.Length; d++) step[d] = library.ActionAt(distinct[d], c);
            valuation.Advance(step, CycleDays);
        }
        Array.Fill(step, holdAction);
        FollowUp(valuation, step);
        Count(levels.Length + 1, valuation, groupsBefore, nodesBefore);

        var result = new Dictionary<int, QtwistDays>();
        for (var d = 0; d < distinct.Length; d++)
        {
            var sum = new QtwistDays(0, 0, 0);
            for (var k = 0; k < r; k++)
            {
                var cell = d * r + k;
                sum += new QtwistDays(valuation.ToxicityDays[cell], valuation.TwistDays[cell], valuation.RelapseDays[cell]);
            }
            result[distinct[d]] = sum.Over(r);
        }
        return result;
    }

    private void Count(int stage, SharedDiceTrajectories trajectories, long groupsBefore, long nodesBefore)
    {
        groupCyclesPerLevel[stage] += trajectories.SimulatedGroupCycles - groupsBefore;
        nodeCyclesPerLevel[stage] += trajectories.NodeCycles - nodesBefore;
    }

    // The environment's follow-up: hold in cycles of at most 21 days until the follow-up day.
    private void FollowUp(SharedDiceTrajectories trajectories, int[] holds)
    {
        while (trajectories.Day < environment.FollowUpDay)
            trajectories.Advance(holds, Math.Min(CycleDays, environment.FollowUpDay - trajectories.Day));
    }

    private const int CycleDays = (int)NsclcTwinModel.CycleDays;

    // One tree level per block: the distinct prefixes of the library's plans.
    private static (int[][] Parent, int[][] Action, int[] LeafOfPlan) BuildTree(PlanLibrary library)
    {
        var tree = PlanPrefixTree.Build(library.Count, library.Cycles / library.BlockCycles, library.Actions.Count,
            (p, level) => library.ActionAt(p, level * library.BlockCycles));
        return (tree.Parent, tree.Action, tree.LeafOfPlan);
    }
}
