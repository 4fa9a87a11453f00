namespace DtSmdrl.Pipeline.Agent;

/// <summary>The outcome of one shield decision.</summary>
/// <param name="MaskedByShield">How many actions the shield removed (not counting those the environment had forbidden).</param>
/// <param name="AllMasked">True when no allowed action was left and the mask was reduced to the hold action.</param>
public readonly record struct ShieldResult(int MaskedByShield, bool AllMasked)
{
    /// <summary>The fallback action when everything is unsafe: hold (no dose change / no new treatment), the treatment rules' always-allowed action.</summary>
    public const int HoldAction = Env.TreatmentRules.HoldAction;

    /// <summary>
    /// Completes a shield decision: if no action is left allowed, allows only <see cref="HoldAction"/> and flags
    /// <see cref="AllMasked"/>. <paramref name="maskedByShield"/> is the number of entries the shield cleared.
    /// </summary>
    public static ShieldResult Finish(Span<bool> actionMask, int maskedByShield)
    {
        if (actionMask.IsEmpty)
            throw new ArgumentException("The action mask is empty.", nameof(actionMask));
        if (actionMask.Contains(true))
            return new ShieldResult(maskedByShield, AllMasked: false);
        actionMask[HoldAction] = true;
        return new ShieldResult(maskedByShield, AllMasked: true);
    }
}
