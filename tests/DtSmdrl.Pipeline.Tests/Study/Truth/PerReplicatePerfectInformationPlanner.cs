using System.Diagnostics;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Study.Truth;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Tests.Study.Truth;

/// <summary>
/// Test reference: the perfect-information planner as it was before <see cref="SharedDiceTrajectories"/>, one simulator
/// slot per (tree node, oracle replicate) and per (plan, evaluation replicate). <see cref="PerfectInformationPlanner"/>
/// must give bit-identical results.
/// </summary>
internal sealed class PerReplicatePerfectInformationPlanner
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
    private readonly NsclcBatchSimulator root;
    private readonly NsclcBatchSimulator[] levels;
    private readonly int[] leafHold;
    private readonly NsclcBatchSimulator valuation;

    /// <param name="library">The plans searched; its horizon must be the environment's.</param>
    /// <param name="environment">Episode settings (cycles, follow-up, simulator).</param>
    /// <param name="oracleReplicates">R_o (metrics.md: at least 16).</param>
    /// <param name="evaluationReplicates">R, as the methods are run with.</param>
    /// <param name="utilities">The utilities to choose a plan for (the study's and the sensitivity grid).</param>
    /// <param name="severeLimit">The severe-event probability limit (metrics.md: 0.10).</param>
    public PerReplicatePerfectInformationPlanner(PlanLibrary library, TwinEnvironmentOptions environment, int oracleReplicates, int evaluationReplicates,
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
        root = new NsclcBatchSimulator(1, environment.Simulation);
        levels = parent.Select(p => new NsclcBatchSimulator(p.Length, environment.Simulation)).ToArray();
        leafHold = Enumerable.Repeat(holdAction, parent[^1].Length).ToArray();
        valuation = new NsclcBatchSimulator((this.utilities.Length + 1) * evaluationReplicates, environment.Simulation);
    }

    public PlanLibrary Library => library;

    /// <summary>Simulated nodes per oracle replicate, by level (the tree's shape).</summary>
    public IReadOnlyList<int> NodesPerLevel => parent.Select(p => p.Length).ToArray();

    /// <summary>Searches and values the plans for one patient.</summary>
    public PerfectInformationResult Solve(EvaluationTruth truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        var watch = Stopwatch.StartNew();
        var plans = library.Count;
        var sums = new QtwistDays[plans];
        var severeCounts = new int[plans];
        for (var r = 0; r < oracleReplicates; r++)
        {
            var leaves = SimulateTree(truth.TrueTwin, DiceSeeds.Oracle(truth.DiceSeed, r));
            var tox = leaves.ToxicityDays;
            var twist = leaves.TwistDays;
            var rel = leaves.RelapseDays;
            var severe = leaves.SevereToxicityEver;
            for (var p = 0; p < plans; p++)
            {
                var leaf = leafOfPlan[p];
                sums[p] += new QtwistDays(tox[leaf], twist[leaf], rel[leaf]);
                if (severe[leaf]) severeCounts[p]++;
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

    // One oracle replicate of the whole tree; returns the leaf level after the follow-up.
    private NsclcBatchSimulator SimulateTree(in NsclcParameters twin, ulong seed)
    {
        root.Reset([twin], [seed]);
        var above = root;
        for (var level = 0; level < levels.Length; level++)
        {
            var simulator = levels[level];
            simulator.BranchFrom(above, parent[level]);
            for (var c = 0; c < library.BlockCycles; c++) simulator.Advance(blockAction[level], CycleDays);
            above = simulator;
        }
        FollowUp(above, leafHold);
        return above;
    }

    // Mean day counts of the given plans (duplicates allowed) over the evaluation replicates, all in one batch.
    private Dictionary<int, QtwistDays> ValueOnEvaluationReplicates(EvaluationTruth truth, IReadOnlyList<int> wanted)
    {
        var distinct = wanted.Distinct().ToArray();
        var r = evaluationReplicates;
        var n = distinct.Length * r;
        var twins = new NsclcParameters[n];
        var seeds = new ulong[n];
        for (var d = 0; d < distinct.Length; d++)
            for (var k = 0; k < r; k++)
            {
                twins[d * r + k] = truth.TrueTwin;
                seeds[d * r + k] = DiceSeeds.Evaluation(truth.DiceSeed, k);
            }
        valuation.Reset(twins, seeds);
        var step = new int[n];
        for (var c = 0; c < environment.Cycles; c++)
        {
            for (var d = 0; d < distinct.Length; d++) Array.Fill(step, library.ActionAt(distinct[d], c), d * r, r);
            valuation.Advance(step, CycleDays);
        }
        Array.Fill(step, holdAction);
        FollowUp(valuation, step);

        var result = new Dictionary<int, QtwistDays>();
        for (var d = 0; d < distinct.Length; d++)
        {
            var sum = new QtwistDays(0, 0, 0);
            for (var k = 0; k < r; k++)
            {
                var slot = d * r + k;
                sum += new QtwistDays(valuation.ToxicityDays[slot], valuation.TwistDays[slot], valuation.RelapseDays[slot]);
            }
            result[distinct[d]] = sum.Over(r);
        }
        return result;
    }

    // The environment's follow-up: hold in cycles of at most 21 days until the follow-up day.
    private void FollowUp(NsclcBatchSimulator simulator, int[] holds)
    {
        while (simulator.Day < environment.FollowUpDay)
            simulator.Advance(holds, Math.Min(CycleDays, environment.FollowUpDay - simulator.Day));
    }

    private const int CycleDays = (int)NsclcTwinModel.CycleDays;

    // One tree level per block: the distinct prefixes of the library's plans, each with its parent node one level up
    // (the root for the first level) and the action of its last block.
    private static (int[][] Parent, int[][] Action, int[] LeafOfPlan) BuildTree(PlanLibrary library)
    {
        var blocks = library.Cycles / library.BlockCycles;
        var plans = library.Count;
        var parents = new int[blocks][];
        var actions = new int[blocks][];
        var nodeOfPlan = new int[plans];
        var prefix = new long[plans];
        for (var level = 0; level < blocks; level++)
        {
            var nodes = new Dictionary<long, int>();
            var levelParents = new List<int>();
            var levelActions = new List<int>();
            for (var p = 0; p < plans; p++)
            {
                var action = library.ActionAt(p, level * library.BlockCycles);
                prefix[p] = prefix[p] * library.Actions.Count + action;
                if (!nodes.TryGetValue(prefix[p], out var node))
                {
                    node = nodes.Count;
                    nodes[prefix[p]] = node;
                    levelParents.Add(level == 0 ? 0 : nodeOfPlan[p]);
                    levelActions.Add(action);
                }
                nodeOfPlan[p] = node;
            }
            parents[level] = levelParents.ToArray();
            actions[level] = levelActions.ToArray();
        }
        return (parents, actions, nodeOfPlan);
    }
}
