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

    public void Decide(int cycle, ReadOnlySpan<double> observations, ReadOnlySpan<bool> done, Span<int> chosen)
    {
        var n = contexts.Count;
        var contextSize = contexts.Count > 0 ? contexts[0].Length : 0;
        var size = TwinObservation.Size + 1 + contextSize;
        var rows = new float[n * size];
        var mask = new bool[n * actions.Count];
        for (var i = 0; i < n; i++)
        {
            var row = rows.AsSpan(i * size, size);
            for (var k = 0; k < TwinObservation.Size; k++) row[k] = (float)observations[i * TwinObservation.Size + k];
            row[TwinObservation.Size] = done[i] ? 0f : 1f;
            contexts[i].CopyTo(row[(TwinObservation.Size + 1)..]);
            for (var a = 0; a < actions.Count; a++)
                mask[i * actions.Count + a] = !(actions[a].Chemotherapy > 0 && chemoCycles[i] >= TwinVectorEnv.MaxChemotherapyCycles);
        }
        policy.Greedy(rows, mask, chosen);
        for (var i = 0; i < n; i++)
            if (!done[i] && actions[chosen[i]].Chemotherapy > 0) chemoCycles[i]++;
    }
}
