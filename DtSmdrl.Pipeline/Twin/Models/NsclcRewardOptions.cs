namespace DtSmdrl.Pipeline.Twin.Models;

/// <summary>
/// The NSCLC twin's utility and cost (metrics.md version 2; Twin/README.md, "Reward and cost").
/// <code>
/// reward_c = TWiST_c + ToxicityUtility TOX_c + RelapseUtility REL_c          (days of cycle c, Q-TWiST)
/// cost_c   = Grade4Cost [min ANC in cycle &lt; 0.5] + IraeCost [new grade >= 3 irAE]
///            + TargetedEventCost [new grade >= 3 targeted-therapy event]
/// </code>
/// TOX_c, TWiST_c and REL_c are the whole days survived in the cycle with a grade >= 3 toxicity, without
/// toxicity before RECIST progression, and without toxicity after it; so an episode's summed reward is
/// J = <see cref="QualityAdjustedDays"/> of the episode's day counts, in days, never negative and at most
/// the follow-up length. The cost is the severe-toxicity signal: the number of new severe events.
/// </summary>
public sealed record NsclcRewardOptions
{
    /// <summary>u_TOX: utility of a day alive with a grade >= 3 toxicity (Q-TWiST; 0 = worthless, 1 = full).</summary>
    public double ToxicityUtility { get; init; } = 0.5;

    /// <summary>u_REL: utility of a day alive without toxicity after progression.</summary>
    public double RelapseUtility { get; init; } = 0.5;

    /// <summary>Cost of grade 4 neutropenia (ANC &lt; 0.5 x 10^9/L) in the cycle.</summary>
    public double Grade4Cost { get; init; } = 1.0;

    /// <summary>Cost of a new grade >= 3 immune-related adverse event in the cycle.</summary>
    public double IraeCost { get; init; } = 1.0;

    /// <summary>Cost of a new grade >= 3 targeted-therapy event (EGFR TKI rash, diarrhoea, ILD) in the cycle.</summary>
    public double TargetedEventCost { get; init; } = 1.0;

    /// <summary>Throws naming the field when a utility is outside [0, 1] or a cost weight is negative or not finite.</summary>
    public void Validate()
    {
        Utility(nameof(ToxicityUtility), ToxicityUtility);
        Utility(nameof(RelapseUtility), RelapseUtility);
        Weight(nameof(Grade4Cost), Grade4Cost);
        Weight(nameof(IraeCost), IraeCost);
        Weight(nameof(TargetedEventCost), TargetedEventCost);
    }

    /// <summary>
    /// The one Q-TWiST formula: quality-adjusted days from days with toxicity, TWiST days and relapse days.
    /// </summary>
    public double QualityAdjustedDays(double toxicityDays, double twistDays, double relapseDays) =>
        twistDays + ToxicityUtility * toxicityDays + RelapseUtility * relapseDays;

    /// <summary>Cost of a cycle from its lowest ANC and the severe events that began in it.</summary>
    public double Cost(double minAnc, bool newIrae, bool newTargetedEvent) =>
        (minAnc < NsclcDynamics.Grade4Anc ? Grade4Cost : 0.0) + (newIrae ? IraeCost : 0.0) + (newTargetedEvent ? TargetedEventCost : 0.0);

    /// <summary>Whether a cycle had a severe event (the same events as <see cref="Cost"/>, unweighted).</summary>
    public static bool Severe(double minAnc, bool newIrae, bool newTargetedEvent) =>
        minAnc < NsclcDynamics.Grade4Anc || newIrae || newTargetedEvent;

    private static void Utility(string field, double value)
    {
        if (!(value is >= 0 and <= 1))
        {
            throw new ArgumentException($"{nameof(NsclcRewardOptions)}.{field} = {value} must be a utility in [0, 1].");
        }
    }

    private static void Weight(string field, double value)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentException($"{nameof(NsclcRewardOptions)}.{field} = {value} must be a finite number >= 0.");
        }
    }
}
