using DtSmdrl.Pipeline.Env;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// The one layout of a twin agent's observation row and action mask, shared by training
/// (<see cref="TwinVectorEnv"/>) and decision time (<see cref="PpoTreatmentPolicy"/>, <see cref="AdaptedPolicySet"/>):
/// <c>[twin observation (TwinObservation.Size), alive flag, patient context, belief summary (only with an in-course belief as input)]</c>; chemotherapy-containing
/// actions masked once <see cref="TwinVectorEnv.MaxChemotherapyCycles"/> cycles have been given; between scans
/// (within a block of <see cref="DecisionBlockCycles"/> cycles) only the running regimen or hold is allowed.
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
    /// Cycles between response scans (6 weeks = 2 cycles of 21 days). The regimen changes only when a scan has shown the
    /// response, as in practice and in the oracle's plan library; hold stays allowed at every cycle (toxicity).
    /// </summary>
    public const int DecisionBlockCycles = 2;

    /// <summary>Writes one action mask row (true = allowed); <paramref name="previousAction"/> is -1 before the first cycle.</summary>
    public static void FillMask(Span<bool> mask, ReadOnlySpan<bool> chemotherapyAction, int chemotherapyCycles, int cycle, int previousAction)
    {
        var betweenScans = cycle % DecisionBlockCycles != 0 && previousAction >= 0;
        for (var a = 0; a < mask.Length; a++)
        {
            var allowed = !(chemotherapyAction[a] && chemotherapyCycles >= TwinVectorEnv.MaxChemotherapyCycles);
            if (betweenScans && a != previousAction && a != ShieldResult.HoldAction) allowed = false;
            mask[a] = allowed;
        }
        mask[ShieldResult.HoldAction] = true;
    }
}
