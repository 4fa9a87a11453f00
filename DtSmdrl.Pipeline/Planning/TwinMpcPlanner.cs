using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Planning;

/// <summary>
/// One Twin-MPC decision: the samples reconstruct the patient's current state by simulating the actions already
/// given (with the planner's own dice); every remaining plan of the <see cref="PlanLibrary"/> is valued on them
/// (<see cref="PlanTreeSearch"/>), and the best plan by mean reward among those whose severe-event probability is
/// within the limit (the episode's, less the risk the episode has already spent) is chosen (else the one with the
/// lowest probability). When more than
/// <see cref="TwinMpcOptions.RefinedPlans"/> plans remain, all are screened on the first
/// <see cref="TwinMpcOptions.ScreeningSamples"/> samples and the best screened ones are valued on all samples.
/// One instance per thread; buffers are reused between decisions.
/// </summary>
public sealed class TwinMpcPlanner
{
    private readonly PlanLibrary library;
    private readonly TwinMpcOptions options;
    private readonly NsclcBatchSimulator root;
    private readonly NsclcBatchSimulator screenRoot;
    private readonly PlanTreeSearch search;
    private readonly int[] actions;
    private readonly int[] screenSlots;

    public TwinMpcPlanner(PlanLibrary library, TwinMpcOptions options)
    {
        this.library = library ?? throw new ArgumentNullException(nameof(library));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        if (library.Cycles != options.Environment.Cycles)
        {
            throw new ArgumentException($"The plan library covers {library.Cycles} cycles but the environment runs {options.Environment.Cycles}.");
        }

        var searchEnvironment = SearchEnvironment(options);
        root = new NsclcBatchSimulator(options.Samples, searchEnvironment.Simulation);
        screenRoot = new NsclcBatchSimulator(options.ScreeningSamples, searchEnvironment.Simulation);
        search = new PlanTreeSearch(searchEnvironment, library.BlockCycles);
        actions = new int[options.Samples];
        screenSlots = Enumerable.Range(0, options.ScreeningSamples).ToArray();
    }

    /// <summary>The environment settings with the search's solver step.</summary>
    public static TwinEnvironmentOptions SearchEnvironment(TwinMpcOptions options) =>
        options.Environment with { Simulation = options.Environment.Simulation with { StepSize = options.SearchStepSize } };

    /// <summary>
    /// The remaining plans after <paramref name="taken"/> (the actions given so far, a whole number of blocks):
    /// the block actions of every library plan that starts with them.
    /// </summary>
    public List<int[]> RemainingPlans(IReadOnlyList<int> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        var block = library.BlockCycles;
        if (taken.Count % block != 0 || taken.Count >= library.Cycles)
        {
            throw new ArgumentException($"Decisions are taken at block starts before cycle {library.Cycles}; {taken.Count} cycles were given.", nameof(taken));
        }

        var blocks = (library.Cycles - taken.Count) / block;
        var remaining = new List<int[]>();
        for (var p = 0; p < library.Count; p++)
        {
            var plan = library.Plan(p);
            var matches = true;
            for (var c = 0; c < taken.Count && matches; c++)
            {
                matches = plan[c] == taken[c];
            }

            if (!matches)
            {
                continue;
            }

            var suffix = new int[blocks];
            for (var b = 0; b < blocks; b++)
            {
                suffix[b] = plan[taken.Count + b * block];
            }

            remaining.Add(suffix);
        }

        if (remaining.Count == 0)
        {
            throw new InvalidOperationException($"No plan of the library starts with the {taken.Count} actions given ({PlanLibrary.DescribePlan(library.Actions, taken.ToArray())}).");
        }

        return remaining;
    }

    /// <summary>Chooses the plan for the coming block.</summary>
    /// <param name="samples">The patient's twin samples (at least <see cref="TwinMpcOptions.Samples"/>; the first M are used).</param>
    /// <param name="seeds">The planner's noise seed per sample (never the evaluation's).</param>
    /// <param name="taken">Actions given so far.</param>
    /// <param name="screen">False values every remaining plan on all samples (the reference the screen is checked against).</param>
    /// <param name="spentRisk">
    /// Severe-event risk the episode has already spent (the first-block probabilities of the blocks executed so far): the
    /// plan is held to <see cref="TwinMpcOptions.SevereEventLimit"/> less this, so the limit bounds the episode's
    /// probability, which the study's violation rate counts, not each re-planning's afresh.
    /// </param>
    public PlanChoice Choose(ReadOnlySpan<NsclcParameters> samples, ReadOnlySpan<ulong> seeds, IReadOnlyList<int> taken, bool screen = true, double spentRisk = 0)
    {
        if (!(spentRisk >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(spentRisk), spentRisk, "The risk spent must be >= 0.");
        }

        var limit = Math.Max(0, options.SevereEventLimit - spentRisk);
        var m = options.Samples;
        if (samples.Length < m || seeds.Length < m)
        {
            throw new ArgumentException($"Twin-MPC needs {m} samples and seeds, got {samples.Length} and {seeds.Length}.");
        }

        var remaining = RemainingPlans(taken);
        root.Reset(samples[..m], seeds[..m]);
        foreach (var action in taken)
        {
            Array.Fill(actions, action);
            root.Advance(actions, (int)NsclcTwinModel.CycleDays);
        }

        var simulated = (long)taken.Count * (int)NsclcTwinModel.CycleDays * m;
        var screened = screen && remaining.Count > options.RefinedPlans;
        var candidates = remaining;
        if (screened)
        {
            screenRoot.BranchFrom(root, screenSlots);
            candidates = Screen(remaining, limit);
            simulated += search.SimulatedDays;
        }

        var reward = new double[candidates.Count];
        var severe = new double[candidates.Count];
        search.Evaluate(root, candidates, reward, severe, new double[candidates.Count]);
        simulated += search.SimulatedDays;
        var best = Best(reward, severe, limit);
        return new PlanChoice(candidates[best], reward[best], severe[best], search.ResponseShare(root, best), remaining.Count, screened, simulated,
            search.FirstBlockSevereShare(root, best), limit);
    }

    /// <summary>
    /// Index of the plan with the best mean reward among those within the severe-event limit, else of the lowest
    /// probability (best reward among equals); ties (within 1e-9 relative, so summation order cannot decide) go to the
    /// earlier plan, in library order the one with less treatment early.
    /// </summary>
    public static int Best(ReadOnlySpan<double> reward, ReadOnlySpan<double> severe, double limit)
    {
        var best = -1;
        for (var p = 0; p < reward.Length; p++)
        {
            if (severe[p] <= limit && (best < 0 || Better(reward[p], reward[best])))
            {
                best = p;
            }
        }

        if (best >= 0)
        {
            return best;
        }

        best = 0;
        for (var p = 1; p < reward.Length; p++)
        {
            if (severe[p] < severe[best] || (severe[p] == severe[best] && Better(reward[p], reward[best])))
            {
                best = p;
            }
        }

        return best;
    }

    private static bool Better(double reward, double than) => reward > than + 1e-9 * Math.Max(1, Math.Abs(than));

    // Few samples cannot resolve a 10% probability, so the refinement gets three kinds of screened plans: the best by
    // reward with no more severe events than the limit allows (half of the places), the least toxic by mean cost (a
    // quarter: without them a patient whose only safe plans are mild ones would see none), then the best by reward
    // with at most one event more than the limit allows (the others after them, fewest events first).
    private List<int[]> Screen(List<int[]> remaining, double severeLimit)
    {
        var reward = new double[remaining.Count];
        var severe = new double[remaining.Count];
        var cost = new double[remaining.Count];
        search.Evaluate(screenRoot, remaining, reward, severe, cost);
        var limit = severeLimit + 1e-12;
        var relaxed = (Math.Floor(severeLimit * options.ScreeningSamples + 1e-9) + 1) / options.ScreeningSamples + 1e-12;
        var byReward = Enumerable.Range(0, remaining.Count).OrderByDescending(p => reward[p]).ThenBy(p => p).ToList();
        var strict = byReward.Where(p => severe[p] <= limit).Take(Math.Max(1, options.RefinedPlans / 2));
        var mild = byReward.OrderBy(p => cost[p]).Take(Math.Max(1, options.RefinedPlans / 4));
        var loose = byReward.OrderBy(p => severe[p] <= relaxed ? 0 : 1).ThenBy(p => severe[p] <= relaxed ? 0 : severe[p]);
        return strict.Concat(mild).Concat(loose).Distinct().Take(options.RefinedPlans).Select(p => remaining[p]).ToList();
    }
}
