namespace DtSmdrl.Pipeline.Env;

/// <summary>
/// The treatment rules of the decision process, in one place for every method, search and environment
/// (twin-models.md section 1): chemotherapy in at most <see cref="MaxChemotherapyCycles"/> cycles of a patient's
/// course, and the regimen changes only when a scan has shown the response, every <see cref="DecisionBlockCycles"/>
/// cycles (6 weeks of 21-day cycles), as in practice and in the perfect-information planner's plan library; hold
/// (action 0) stays allowed at every cycle (toxicity).
/// </summary>
public static class TreatmentRules
{
    /// <summary>Lifetime chemotherapy cycle limit.</summary>
    public const int MaxChemotherapyCycles = 6;

    /// <summary>Cycles between response scans; a block of this many cycles keeps one regimen (or holds).</summary>
    public const int DecisionBlockCycles = 2;

    /// <summary>The action that is always allowed.</summary>
    public const int HoldAction = 0;

    /// <summary>
    /// Writes one action mask row (true = allowed) for a patient at <paramref name="cycle"/> who has had
    /// <paramref name="chemotherapyCycles"/> chemotherapy cycles; <paramref name="previousAction"/> is -1 before the first cycle.
    /// </summary>
    public static void FillMask(Span<bool> mask, ReadOnlySpan<bool> chemotherapyAction, int chemotherapyCycles, int cycle, int previousAction)
    {
        var betweenScans = cycle % DecisionBlockCycles != 0 && previousAction >= 0;
        for (var a = 0; a < mask.Length; a++)
        {
            var allowed = !(chemotherapyAction[a] && chemotherapyCycles >= MaxChemotherapyCycles);
            if (betweenScans && a != previousAction && a != HoldAction) allowed = false;
            mask[a] = allowed;
        }
        mask[HoldAction] = true;
    }
}
