using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// Predicts, for each patient and each action, the probability of a severe toxicity event in the next
/// cycle over the patient's twin samples: a shadow simulator runs every sample under the actions
/// actually given; at each decision it is branched once per action and advanced one cycle.
/// The samples are the method's own (from the patient-conditioned prior), never the true twin.
/// <para>
/// The forecast is a function of the samples and the actions given so far: rows that pass the same sample array
/// (by reference) share the samples' dice, and rows whose actions have agreed so far share one shadow course, which
/// is simulated once (a decision-time recommendation's m rollouts over one patient's samples start as one course and
/// split only where their actions differ). The branch of the action actually given is the next cycle's shadow, so
/// the shadow itself is never re-simulated; the simulator's counter-based noise makes a branch equal to re-simulating
/// its whole path.
/// </para>
/// </summary>
public sealed class TwinToxicityForecaster : IToxicityForecaster
{
    private readonly int patients;
    private readonly int samples;
    private readonly int actions;
    private readonly int threads;

    // Distinct sample arrays in order of first appearance, flattened, with their dice.
    private readonly NsclcParameters[] flat;
    private readonly ulong[] seeds;
    private readonly int distinct;
    private readonly int[] initialGroup;

    // Current shadow courses: group g's samples are shadow slots g * samples + s; row i follows group groupOf[i].
    private NsclcBatchSimulator shadow;
    private NsclcBatchSimulator spare;
    private readonly NsclcBatchSimulator branch;
    private readonly int[] groupOf;
    private int groups;
    private bool branched;

    private readonly int[] branchSources;
    private readonly int[] branchActions;
    private readonly int[] shadowSources;
    private readonly int[] nextGroup;
    private readonly double[] groupProbabilities;

    /// <summary>Starts every patient's samples at day 0; <paramref name="threads"/> only sets the simulations' worker threads.</summary>
    public TwinToxicityForecaster(IReadOnlyList<NsclcParameters[]> twinSamples, NsclcSimulationOptions options, ulong seed, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(twinSamples);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (twinSamples.Count == 0) throw new ArgumentException("At least one patient is needed.", nameof(twinSamples));
        this.threads = threads;
        patients = twinSamples.Count;
        samples = twinSamples[0].Length;
        actions = options.Actions.Count;
        if (samples == 0 || twinSamples.Any(s => s.Length != samples))
            throw new ArgumentException($"Every patient needs the same, non-zero number of twin samples ({samples} for the first).", nameof(twinSamples));

        initialGroup = new int[patients];
        var arrays = new List<NsclcParameters[]>();
        var index = new Dictionary<NsclcParameters[], int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < patients; i++)
        {
            if (!index.TryGetValue(twinSamples[i], out var g))
            {
                g = arrays.Count;
                index.Add(twinSamples[i], g);
                arrays.Add(twinSamples[i]);
            }
            initialGroup[i] = g;
        }
        distinct = arrays.Count;
        flat = arrays.SelectMany(s => s).ToArray();
        seeds = Enumerable.Range(0, flat.Length).Select(j => seed + (ulong)j * 0x9E3779B97F4A7C15UL).ToArray();

        shadow = new NsclcBatchSimulator(patients * samples, options);
        spare = new NsclcBatchSimulator(patients * samples, options);
        branch = new NsclcBatchSimulator(patients * samples * actions, options);
        groupOf = new int[patients];
        branchSources = new int[patients * samples * actions];
        branchActions = new int[branchSources.Length];
        for (var j = 0; j < branchSources.Length; j++)
        {
            branchSources[j] = j / actions;
            branchActions[j] = j % actions;
        }
        shadowSources = new int[patients * samples];
        nextGroup = new int[patients * actions];
        groupProbabilities = new double[patients * actions];
        Restart();
    }

    /// <summary>Shadow courses simulated at the last decision (at most one per patient row; fewer when rows share a course).</summary>
    public int Courses => groups;

    /// <summary>Starts every patient's samples at day 0 again, with the same seeds (a new episode of the same patients).</summary>
    public void Restart()
    {
        shadow.Reset(flat, seeds);
        initialGroup.CopyTo(groupOf, 0);
        groups = distinct;
        branched = false;
    }

    /// <summary>Writes P(severe toxicity next cycle) per patient and action (patients x actions).</summary>
    public void Forecast(Span<double> probabilities)
    {
        Branch();
        Array.Clear(groupProbabilities);
        var severe = branch.SevereToxicity;
        for (var j = 0; j < severe.Length; j++)
            if (severe[j]) groupProbabilities[j / (samples * actions) * actions + branchActions[j]] += 1.0 / samples;
        for (var i = 0; i < patients; i++)
            groupProbabilities.AsSpan(groupOf[i] * actions, actions).CopyTo(probabilities.Slice(i * actions, actions));
    }

    /// <summary>Moves every patient's samples one cycle on under the action actually given.</summary>
    public void Advance(ReadOnlySpan<int> given)
    {
        Branch();
        // Rows of one course that took different actions split into new courses, numbered in row order.
        Array.Fill(nextGroup, -1, 0, groups * actions);
        var next = 0;
        for (var i = 0; i < patients; i++)
        {
            var key = groupOf[i] * actions + given[i];
            if (nextGroup[key] < 0)
            {
                nextGroup[key] = next;
                for (var s = 0; s < samples; s++) shadowSources[next * samples + s] = (groupOf[i] * samples + s) * actions + given[i];
                next++;
            }
            groupOf[i] = nextGroup[key];
        }
        spare.BranchFrom(branch, shadowSources.AsSpan(0, next * samples));
        (shadow, spare) = (spare, shadow);
        groups = next;
        branched = false;
    }

    // Every course's samples, once per action, one cycle on (at most once per decision).
    private void Branch()
    {
        if (branched) return;
        var count = groups * samples * actions;
        branch.BranchFrom(shadow, branchSources.AsSpan(0, count));
        branch.Advance(branchActions.AsSpan(0, count), 21, threads);
        branched = true;
    }
}
