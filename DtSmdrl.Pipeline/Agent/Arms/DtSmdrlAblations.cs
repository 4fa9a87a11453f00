namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// The DT-SMDRL ablations of the study: each removes one component of the full method and keeps the rest
/// (same budgets, same seeds), so a difference in the table is that component's contribution.
/// </summary>
public static class DtSmdrlAblations
{
    /// <summary>Without shield; mean-cost instead of CVaR constraint; population-trained instead of meta-learned initialisation.</summary>
    public static IReadOnlyList<DtSmdrlMethod> Create(DtSmdrlArmOptions full) =>
    [
        new(full with { ShieldThreshold = null }) { Name = "DT-SMDRL w/o shield" },
        new(full with { Meta = full.Meta with { Inner = full.Meta.Inner with { CostMeasure = CostMeasure.Mean } } }) { Name = "DT-SMDRL w/o CVaR (mean cost)" },
        new(full with { Initialisation = InitialisationKind.Population }) { Name = "DT-SMDRL w/o meta-learning" },
    ];
}
