using DtSmdrl.Pipeline.Env;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// The one layout of a twin agent's observation row and action mask, shared by training
/// (<see cref="TwinVectorEnv"/>) and decision time (<see cref="PpoTreatmentPolicy"/>, <see cref="AdaptedPolicySet"/>):
/// <c>[twin observation (TwinObservation.Size), alive flag, patient context, belief summary (only with an in-course belief as input)]</c>; chemotherapy-containing
/// the action mask is the decision process's (<see cref="TreatmentRules.FillMask"/>).
/// </summary>
public static class AgentObservation
{
    /// <summary>Length of a row for a context of <paramref name="contextSize"/> features.</summary>
    public static int Size(int contextSize) => TwinObservation.Size + 1 + contextSize;

    /// <summary>Writes one row.</summary>
    public static void Fill(Span<float> row, ReadOnlySpan<double> twinObservation, bool alive, ReadOnlySpan<float> context)
    {
        for (var k = 0; k < TwinObservation.Size; k++) row[k] = (float)twinObservation[k];
        row[TwinObservation.Size] = alive ? 1f : 0f;
        context.CopyTo(row[(TwinObservation.Size + 1)..]);
    }

    /// <summary>Writes one row whose context is followed by the in-course belief's summary (<c>BatchedTwinBelief.Summary</c>).</summary>
    public static void Fill(Span<float> row, ReadOnlySpan<double> twinObservation, bool alive, ReadOnlySpan<float> context, ReadOnlySpan<float> beliefSummary)
    {
        Fill(row, twinObservation, alive, context);
        beliefSummary.CopyTo(row[(TwinObservation.Size + 1 + context.Length)..]);
    }

    /// <summary>
    /// Patient <paramref name="patient"/>'s decision row: its observation, alive, its context and, when the policy reads
    /// <paramref name="belief"/>, the belief's current summary (written through <paramref name="summary"/>).
    /// </summary>
    public static float[] Row(ReadOnlySpan<double> twinObservation, float[] context, EpisodeBelief? belief, int patient, Span<float> summary)
    {
        if (belief is not { Input: true })
        {
            var plain = new float[Size(context.Length)];
            Fill(plain, twinObservation, alive: true, context);
            return plain;
        }
        var row = new float[Size(context.Length + summary.Length)];
        belief.Belief.Summary(patient, summary);
        Fill(row, twinObservation, alive: true, context, summary);
        return row;
    }
}
