namespace DtSmdrl.Pipeline.Twin.Models;

/// <summary>
/// Weights of the NSCLC twin's per-cycle reward and cost (see Twin/README.md, "Reward and cost").
/// <code>
/// cost_c   = Grade4Cost [min ANC in cycle &lt; 0.5] + Grade3Cost [0.5 &lt;= min ANC &lt; 1.0] + IraeCost [new grade >= 3 irAE]
/// reward_c = ShrinkageWeight (SLD_(c-1) - SLD_c) / SLD_0 + SurvivalBonus [alive at cycle end]
///            - DeathPenalty [died in cycle] - ToxicityWeight cost_c
/// </code>
/// SLD is the true (noise-free) sum of diameters; the shrinkage terms telescope, so an episode's
/// shrinkage reward is ShrinkageWeight times the final fractional SLD reduction.
/// </summary>
public sealed record NsclcRewardOptions
{
    /// <summary>Weight of the fractional SLD reduction over the cycle.</summary>
    public double ShrinkageWeight { get; init; } = 1.0;

    /// <summary>Reward for each cycle survived.</summary>
    public double SurvivalBonus { get; init; } = 0.1;

    /// <summary>Penalty in the cycle of death.</summary>
    public double DeathPenalty { get; init; } = 1.0;

    /// <summary>Weight of the cycle's toxicity cost in the reward.</summary>
    public double ToxicityWeight { get; init; } = 0.5;

    /// <summary>Cost of grade 4 neutropenia (ANC &lt; 0.5 x 10^9/L) in the cycle.</summary>
    public double Grade4Cost { get; init; } = 1.0;

    /// <summary>Cost of grade 3 neutropenia (0.5 &lt;= ANC &lt; 1.0) in the cycle.</summary>
    public double Grade3Cost { get; init; } = 0.25;

    /// <summary>Cost of a new grade >= 3 immune-related adverse event in the cycle.</summary>
    public double IraeCost { get; init; } = 1.0;

    /// <summary>Throws naming the field when a weight is negative or not finite.</summary>
    public void Validate()
    {
        Check(nameof(ShrinkageWeight), ShrinkageWeight);
        Check(nameof(SurvivalBonus), SurvivalBonus);
        Check(nameof(DeathPenalty), DeathPenalty);
        Check(nameof(ToxicityWeight), ToxicityWeight);
        Check(nameof(Grade4Cost), Grade4Cost);
        Check(nameof(Grade3Cost), Grade3Cost);
        Check(nameof(IraeCost), IraeCost);
    }

    /// <summary>Cost of a cycle from its lowest ANC and whether a new grade >= 3 irAE began.</summary>
    public double Cost(double minAnc, bool newIrae) =>
        (minAnc < NsclcDynamics.Grade4Anc ? Grade4Cost : minAnc < 1.0 ? Grade3Cost : 0.0) + (newIrae ? IraeCost : 0.0);

    /// <summary>Reward of a cycle from true SLDs, survival and the cycle's cost.</summary>
    public double Reward(double baselineSld, double sldBefore, double sldAfter, bool died, double cost) =>
        ShrinkageWeight * (sldBefore - sldAfter) / Math.Max(baselineSld, 1.0)
        + (died ? -DeathPenalty : SurvivalBonus)
        - ToxicityWeight * cost;

    private static void Check(string field, double value)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentException($"{nameof(NsclcRewardOptions)}.{field} = {value} must be a finite number >= 0.");
        }
    }
}
