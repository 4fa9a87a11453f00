using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// A trained PPO policy acting greedily on a batch of patients in the study's episodes: it builds the
/// same observation rows as <see cref="TwinVectorEnv"/> (twin observation, alive flag, patient context)
/// and the same chemotherapy-limit mask.
/// </summary>
public sealed class PpoTreatmentPolicy(PpoPolicy policy, ActionSet actions, IReadOnlyList<float[]> contexts) : ITreatmentPolicy
{
    private readonly int[] chemoCycles = new int[contexts.Count];
    private readonly int[] previous = Enumerable.Repeat(-1, contexts.Count).ToArray();
    private readonly bool[] chemoAction = actions.Select(a => a.Chemotherapy > 0).ToArray();

    public void Decide(int cycle, ReadOnlySpan<double> observations, ReadOnlySpan<bool> done, Span<int> chosen)
    {
        var n = contexts.Count;
        if (cycle == 0)
        {
            // A new episode (the study runs several replicates with one policy).
            Array.Clear(chemoCycles);
            Array.Fill(previous, -1);
        }
        var contextSize = contexts.Count > 0 ? contexts[0].Length : 0;
        var size = AgentObservation.Size(contextSize);
        var rows = new float[n * size];
        var mask = new bool[n * actions.Count];
        for (var i = 0; i < n; i++)
        {
            AgentObservation.Fill(rows.AsSpan(i * size, size), observations.Slice(i * TwinObservation.Size, TwinObservation.Size), !done[i], contexts[i]);
            TreatmentRules.FillMask(mask.AsSpan(i * actions.Count, actions.Count), chemoAction, chemoCycles[i], cycle, previous[i]);
        }
        policy.Greedy(rows, mask, chosen);
        for (var i = 0; i < n; i++)
        {
            if (!done[i] && chemoAction[chosen[i]]) chemoCycles[i]++;
            previous[i] = chosen[i];
        }
    }
}
