using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// Lets an expert policy (Twin-MPC) treat a batch and records each of its decisions as the DT-SMDRL policy would see it:
/// the agent's observation row (<see cref="AgentObservation"/>: observation, alive flag, patient context) and the treatment
/// rules' mask, with the expert's action. The expert's actions are the ones executed, so the episode is the expert's.
/// With an <see cref="EpisodeBelief"/> whose summary the policy reads, the recorder keeps that belief as the policy would
/// (restarted at cycle 0, advanced by the actions given, updated by every observation) and the row ends with its summary.
/// </summary>
public sealed class DemonstrationRecorder(ITreatmentPolicy expert, IReadOnlyList<float[]> contexts, ActionSet actions, Demonstrations into,
    EpisodeBelief? belief = null) : ITreatmentPolicy
{
    private readonly int[] given = new int[contexts.Count];
    private readonly float[] summary = new float[Twin.Inference.BatchedTwinBelief.SummarySize];
    private readonly int[] chemoCycles = new int[contexts.Count];
    private readonly int[] previous = Enumerable.Repeat(-1, contexts.Count).ToArray();
    private readonly bool[] chemoAction = actions.Select(a => a.Chemotherapy > 0).ToArray();

    /// <summary>Where the decisions go.</summary>
    public Demonstrations Demonstrations => into;

    public void Decide(int cycle, ReadOnlySpan<double> observations, ReadOnlySpan<bool> done, Span<int> chosen)
    {
        var n = contexts.Count;
        if (cycle == 0)
        {
            Array.Clear(chemoCycles);
            Array.Fill(previous, -1);
            belief?.Belief.Start(belief.Prior, belief.Seed);
        }
        else belief?.Belief.Advance(given);
        belief?.Belief.Observe(observations, done);
        expert.Decide(cycle, observations, done, chosen);
        var mask = new bool[actions.Count];
        for (var i = 0; i < n; i++)
        {
            if (done[i]) continue;
            var row = AgentObservation.Row(observations.Slice(i * TwinObservation.Size, TwinObservation.Size), contexts[i], belief, i, summary);
            TreatmentRules.FillMask(mask, chemoAction, chemoCycles[i], cycle, previous[i]);
            into.Add(row, mask, chosen[i]);
            if (chemoAction[chosen[i]]) chemoCycles[i]++;
            previous[i] = chosen[i];
        }
        for (var i = 0; i < n; i++) given[i] = done[i] ? 0 : chosen[i];
    }
}
