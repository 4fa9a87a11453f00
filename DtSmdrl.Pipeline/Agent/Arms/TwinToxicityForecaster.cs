using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// Predicts, for each patient and each action, the probability of a severe toxicity event in the next
/// cycle over the patient's twin samples: a shadow simulator runs every sample under the actions
/// actually given; at each decision it is branched once per action and advanced one cycle.
/// The samples are the method's own (from the patient-conditioned prior), never the true twin.
/// </summary>
public sealed class TwinToxicityForecaster : IToxicityForecaster
{
    private readonly int patients;
    private readonly int samples;
    private readonly int actions;
    private readonly NsclcBatchSimulator shadow;
    private readonly NsclcBatchSimulator branch;
    private readonly int[] branchSources;
    private readonly int[] branchActions;
    private readonly int[] shadowActions;

    private readonly int threads;
    private readonly NsclcParameters[] flat;
    private readonly ulong[] seeds;

    /// <summary>Starts every patient's samples at day 0; <paramref name="threads"/> only sets the simulations' worker threads.</summary>
    public TwinToxicityForecaster(IReadOnlyList<NsclcParameters[]> twinSamples, NsclcSimulationOptions options, ulong seed, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        this.threads = threads;
        patients = twinSamples.Count;
        samples = twinSamples[0].Length;
        actions = options.Actions.Count;
        shadow = new NsclcBatchSimulator(patients * samples, options);
        branch = new NsclcBatchSimulator(patients * samples * actions, options);
        flat = twinSamples.SelectMany(s => s).ToArray();
        seeds = Enumerable.Range(0, flat.Length).Select(j => seed + (ulong)j * 0x9E3779B97F4A7C15UL).ToArray();
        shadow.Reset(flat, seeds);
        branchSources = new int[patients * samples * actions];
        branchActions = new int[branchSources.Length];
        for (var j = 0; j < branchSources.Length; j++)
        {
            branchSources[j] = j / actions;
            branchActions[j] = j % actions;
        }
        shadowActions = new int[patients * samples];
    }

    /// <summary>Starts every patient's samples at day 0 again, with the same seeds (a new episode of the same patients).</summary>
    public void Restart() => shadow.Reset(flat, seeds);

    /// <summary>Writes P(severe toxicity next cycle) per patient and action (patients x actions).</summary>
    public void Forecast(Span<double> probabilities)
    {
        branch.BranchFrom(shadow, branchSources);
        branch.Advance(branchActions, 21, threads);
        probabilities.Clear();
        var severe = branch.SevereToxicity;
        for (var j = 0; j < branchSources.Length; j++)
        {
            if (severe[j])
            {
                var patient = j / (samples * actions);
                probabilities[patient * actions + branchActions[j]] += 1.0 / samples;
            }
        }
    }

    /// <summary>Moves every patient's samples one cycle on under the action actually given.</summary>
    public void Advance(ReadOnlySpan<int> given)
    {
        for (var j = 0; j < shadowActions.Length; j++) shadowActions[j] = given[j / samples];
        shadow.Advance(shadowActions, 21, threads);
    }
}
