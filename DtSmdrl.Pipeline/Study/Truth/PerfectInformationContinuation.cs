using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Study.Truth;

/// <summary>
/// The perfect-information continuation of metrics.md's adaptation speed: the <see cref="PerfectInformationPlanner"/>'s
/// search entered from the true state a patient reached at a scan instead of from day 0. Someone who knows the true twin
/// and that state (tumour, drug levels, events so far, alive or not) but not the dice still to come runs every remaining
/// block plan on R_o oracle replicates (<see cref="DiceSeeds.Oracle"/>, put into the state with
/// <see cref="NsclcBatchSimulator.RedrawDice"/>), takes the best mean J among the plans within the severe-event limit
/// (<see cref="PerfectInformationPlanner.Choose"/>, same rule and tie order), and the chosen plan and no treatment are
/// valued on the state's own dice: the evaluation replicate the state came from.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Severe-event limit: it applies to the whole episode, events already happened included, as V*'s does. A patient
/// who already had a severe event has probability 1 under every plan, so the least-risky rule takes the best J.</item>
/// <item>Remaining plans: the library's plans from the decision block on, with the chemotherapy cycles already given
/// counted against the library's chemotherapy limit (never below zero cycles left).</item>
/// <item>At cycle 0 the state is the twin's initial state; the oracle replicates start there from a reset with the oracle
/// seed (the baseline scan's noise is not conditioned on), so the continuation at cycle 0 is V*'s choice exactly.</item>
/// <item>Plans share their prefix: the remaining blocks form a tree, each level branched from the one above
/// (<see cref="NsclcBatchSimulator.BranchFrom"/>), as in the planner. One instance per thread: it owns its simulators.</item>
/// </list>
/// </remarks>
public sealed class PerfectInformationContinuation
{
    private const int CycleDays = (int)NsclcTwinModel.CycleDays;

    private readonly PlanLibrary library;
    private readonly TwinEnvironmentOptions environment;
    private readonly int oracleReplicates;
    private readonly QtwistUtility utility;
    private readonly double severeLimit;
    private readonly int holdAction;
    private readonly NsclcBatchSimulator root;
    private readonly NsclcBatchSimulator valuation;
    private readonly Dictionary<(int Block, int ChemoLeft), SuffixTree> trees = [];
    private readonly Dictionary<int, NsclcBatchSimulator[]> levels = [];

    /// <param name="library">The plan library (its horizon must be the environment's).</param>
    /// <param name="environment">Episode settings.</param>
    /// <param name="oracleReplicates">R_o, as for V*.</param>
    /// <param name="utility">The utility the plan is chosen and valued with.</param>
    /// <param name="severeLimit">The severe-event probability limit, as for V*.</param>
    public PerfectInformationContinuation(PlanLibrary library, TwinEnvironmentOptions environment, int oracleReplicates, QtwistUtility utility, double severeLimit)
    {
        this.library = library ?? throw new ArgumentNullException(nameof(library));
        this.environment = environment ?? throw new ArgumentNullException(nameof(environment));
        environment.Validate();
        if (library.Cycles != environment.Cycles)
            throw new ArgumentException($"The plan library covers {library.Cycles} cycles but the environment runs {environment.Cycles}.");
        ArgumentOutOfRangeException.ThrowIfLessThan(oracleReplicates, 1);
        utility.Validate();
        if (!(severeLimit >= 0.0 && severeLimit <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(severeLimit), severeLimit, "The severe-event limit is a probability in [0, 1].");
        this.oracleReplicates = oracleReplicates;
        this.utility = utility;
        this.severeLimit = severeLimit;
        holdAction = library.ActionAt(library.IndexOfHold(), 0);
        root = new NsclcBatchSimulator(1, environment.Simulation);
        valuation = new NsclcBatchSimulator(2, environment.Simulation);
    }

    /// <summary>The continuation of the study's V* search: its environment, R_o, first utility and limit.</summary>
    public static PerfectInformationContinuation For(PerfectInformationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(new PlanLibrary(settings.Environment.Simulation.Actions, settings.Environment.Cycles), settings.Environment,
            settings.OracleReplicates, settings.Utilities[0], settings.SevereEventLimit);
    }

    public PlanLibrary Library => library;

    /// <summary>The utility plans are chosen and valued with.</summary>
    public QtwistUtility Utility => utility;

    /// <summary>
    /// The continuation from patient <paramref name="patient"/> of <paramref name="state"/>, which must be at a block
    /// boundary before the horizon's end and hold <paramref name="truth"/>'s true twin (evaluation code only).
    /// </summary>
    /// <param name="truth">The patient's truth: the oracle replicates derive from its dice seed.</param>
    /// <param name="state">A simulator holding the state reached; it is read, not changed.</param>
    /// <param name="patient">The patient's slot in <paramref name="state"/>.</param>
    /// <param name="chemotherapyCyclesGiven">Cycles with chemotherapy already given (against the library's limit).</param>
    public ContinuationChoice Solve(EvaluationTruth truth, NsclcBatchSimulator state, int patient, int chemotherapyCyclesGiven)
    {
        var (actions, probability) = Choose(truth, state, patient, chemotherapyCyclesGiven);
        return Value(state, patient, actions, probability);
    }

    /// <summary>
    /// The search alone: the remaining plan chosen on the oracle replicates from the state, and its severe-event
    /// probability there (NaN, and hold, when the patient has died). At cycle 0 it depends only on the truth.
    /// </summary>
    public (int[] Actions, double SevereProbability) Choose(EvaluationTruth truth, NsclcBatchSimulator state, int patient, int chemotherapyCyclesGiven)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(chemotherapyCyclesGiven);
        var cycle = CheckDecisionPoint(state);
        if (state.Parameters(patient) != truth.TrueTwin)
            throw new ArgumentException($"Patient {truth.Id}: the state's twin is not the patient's true twin.", nameof(state));
        if (!state.Alive[patient]) return (Enumerable.Repeat(holdAction, library.Cycles - cycle).ToArray(), double.NaN);

        var block = cycle / library.BlockCycles;
        var chemoLeft = Math.Max(0, library.MaxChemotherapyCycles - chemotherapyCyclesGiven);
        var tree = Tree(block, chemoLeft);
        var simulators = Levels(block);
        var plans = tree.Suffixes.Count;
        var sums = new QtwistDays[plans];
        var severeCounts = new int[plans];
        for (var r = 0; r < oracleReplicates; r++)
        {
            var seed = DiceSeeds.Oracle(truth.DiceSeed, r);
            if (cycle == 0)
            {
                root.Reset([truth.TrueTwin], [seed]);
            }
            else
            {
                root.BranchFrom(state, [patient]);
                root.RedrawDice(0, seed);
            }
            var above = root;
            for (var level = 0; level < tree.Parent.Length; level++)
            {
                var simulator = simulators[level];
                simulator.BranchFrom(above, tree.Parent[level]);
                for (var c = 0; c < library.BlockCycles; c++) simulator.Advance(tree.Action[level], CycleDays);
                above = simulator;
            }
            FollowUp(above, holdAction);
            for (var p = 0; p < plans; p++)
            {
                var leaf = tree.LeafOf[p];
                sums[p] += new QtwistDays(above.ToxicityDays[leaf], above.TwistDays[leaf], above.RelapseDays[leaf]);
                if (above.SevereToxicityEver[leaf]) severeCounts[p]++;
            }
        }
        var days = sums.Select(s => s.Over(oracleReplicates)).ToArray();
        var probability = severeCounts.Select(c => c / (double)oracleReplicates).ToArray();
        var (pick, _) = PerfectInformationPlanner.Choose(days, probability, utility, severeLimit);
        return (tree.Suffixes[pick], probability[pick]);
    }

    /// <summary>
    /// The valuation alone: <paramref name="actions"/> (one per remaining cycle) and no treatment from the state on its own
    /// dice; <paramref name="severeProbability"/> is what the search found for the plan (NaN: the patient has died).
    /// </summary>
    public ContinuationChoice Value(NsclcBatchSimulator state, int patient, IReadOnlyList<int> actions, double severeProbability)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(actions);
        var cycle = CheckDecisionPoint(state);
        if (actions.Count != library.Cycles - cycle)
            throw new ArgumentException($"{actions.Count} actions for the {library.Cycles - cycle} cycles left after cycle {cycle}.", nameof(actions));
        var plan = actions.ToArray();
        if (!state.Alive[patient])
        {
            var none = new QtwistDays(0, 0, 0);
            return new ContinuationChoice(cycle, plan, double.NaN, true, none, none);
        }
        var before = new QtwistDays(state.ToxicityDays[patient], state.TwistDays[patient], state.RelapseDays[patient]);
        // Slot 0 holds, slot 1 follows the plan.
        valuation.BranchFrom(state, [patient, patient]);
        var step = new int[2];
        foreach (var action in plan)
        {
            step[0] = holdAction;
            step[1] = action;
            valuation.Advance(step, CycleDays);
        }
        FollowUp(valuation, holdAction);
        QtwistDays After(int slot) => new(valuation.ToxicityDays[slot], valuation.TwistDays[slot], valuation.RelapseDays[slot]);
        return new ContinuationChoice(cycle, plan, severeProbability, severeProbability <= severeLimit, Minus(After(1), before), Minus(After(0), before));
    }

    private int CheckDecisionPoint(NsclcBatchSimulator state)
    {
        var cycle = state.Cycle;
        if (cycle % library.BlockCycles != 0 || cycle >= library.Cycles || state.Day != cycle * CycleDays)
            throw new ArgumentException($"A continuation starts at a block boundary before cycle {library.Cycles} (blocks of {library.BlockCycles} cycles); the state is at cycle {cycle}, day {state.Day}.", nameof(state));
        return cycle;
    }

    private static QtwistDays Minus(QtwistDays a, QtwistDays b) => new(a.Toxicity - b.Toxicity, a.Twist - b.Twist, a.Relapse - b.Relapse);

    // The environment's follow-up: hold in cycles of at most 21 days until the follow-up day.
    private void FollowUp(NsclcBatchSimulator simulator, int hold)
    {
        var holds = Enumerable.Repeat(hold, simulator.Count).ToArray();
        while (simulator.Day < environment.FollowUpDay)
            simulator.Advance(holds, Math.Min(CycleDays, environment.FollowUpDay - simulator.Day));
    }

    private SuffixTree Tree(int block, int chemoLeft)
    {
        if (!trees.TryGetValue((block, chemoLeft), out var tree))
            trees[(block, chemoLeft)] = tree = SuffixTree.Build(library, block, chemoLeft);
        return tree;
    }

    // Simulators per level, sized for the largest tree from this block (the full chemotherapy budget).
    private NsclcBatchSimulator[] Levels(int block)
    {
        if (!levels.TryGetValue(block, out var simulators))
        {
            var largest = Tree(block, library.MaxChemotherapyCycles);
            levels[block] = simulators = largest.Parent.Select(p => new NsclcBatchSimulator(p.Length, environment.Simulation)).ToArray();
        }
        return simulators;
    }

    /// <summary>
    /// The library's distinct remaining plans from a block on (first-appearance order, so from block 0 it is the library's
    /// order) within a chemotherapy budget, as a tree of one level per block: each node's parent one level up (0 = the root)
    /// and the action of its block.
    /// </summary>
    private sealed record SuffixTree(IReadOnlyList<int[]> Suffixes, int[][] Parent, int[][] Action, int[] LeafOf)
    {
        public static SuffixTree Build(PlanLibrary library, int block, int chemoLeft)
        {
            var blocks = library.Cycles / library.BlockCycles - block;
            var suffixes = new List<int[]>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var p = 0; p < library.Count; p++)
            {
                var plan = library.Plan(p)[(block * library.BlockCycles)..].ToArray();
                var chemo = 0;
                for (var c = 0; c < plan.Length; c++) if (library.Actions[plan[c]].Chemotherapy > 0) chemo++;
                if (chemo > chemoLeft || !seen.Add(string.Join(',', plan))) continue;
                suffixes.Add(plan);
            }
            var tree = PlanPrefixTree.Build(suffixes.Count, blocks, library.Actions.Count, (s, level) => suffixes[s][level * library.BlockCycles]);
            return new SuffixTree(suffixes, tree.Parent, tree.Action, tree.LeafOfPlan);
        }
    }
}
