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

}
