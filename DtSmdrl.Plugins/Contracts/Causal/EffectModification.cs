namespace DtSmdrl.Plugins.Contracts.Causal;

/// <summary>The effect in the rows where one modifier takes one level.</summary>
/// <param name="Modifier">Modifier column.</param>
/// <param name="Level">Level (or "&lt;= m" / "&gt; m" for a numeric modifier split at its median m).</param>
/// <param name="Count">Rows in the subgroup.</param>
/// <param name="TreatedCount">Treated rows in the subgroup.</param>
/// <param name="Events">Events in the subgroup (time-to-event outcomes; null otherwise).</param>
/// <param name="Naive">Unadjusted difference in the subgroup, or null when an arm has fewer than 2 rows.</param>
/// <param name="Adjusted">Doubly robust effect in the subgroup: the mean of the AIPW scores of its rows, se sd/sqrt(n).</param>
/// <param name="CateMean">Mean of the DR-learner's out-of-fold CATE predictions in the subgroup.</param>
/// <param name="CateQ10">10th percentile of those predictions.</param>
/// <param name="CateQ90">90th percentile of those predictions.</param>
public sealed record ModifierSubgroupEffect(
    string Modifier,
    string Level,
    int Count,
    int TreatedCount,
    int? Events,
    EffectInterval? Naive,
    EffectInterval Adjusted,
    double CateMean,
    double CateQ10,
    double CateQ90);

/// <summary>One modifier's subgroups and the test of whether the effect differs between them.</summary>
/// <param name="Modifier">Modifier column.</param>
/// <param name="ReferenceLevel">Level the differences are taken against (the first level).</param>
/// <param name="Subgroups">One entry per level.</param>
/// <param name="Differences">Adjusted effect of each other level minus the reference level's (subgroups are disjoint, so the variances add).</param>
/// <param name="HeterogeneityChiSquare">Wald statistic for "the same effect in every level", sum (theta_g - pooled)^2 / se_g^2.</param>
/// <param name="HeterogeneityDegreesOfFreedom">Levels minus one.</param>
/// <param name="HeterogeneityPValue">Chi-square p-value of that statistic.</param>
public sealed record EffectModification(
    string Modifier,
    string ReferenceLevel,
    IReadOnlyList<ModifierSubgroupEffect> Subgroups,
    IReadOnlyList<SubgroupDifference> Differences,
    double HeterogeneityChiSquare,
    int HeterogeneityDegreesOfFreedom,
    double HeterogeneityPValue);

/// <summary>Adjusted effect in <paramref name="Level"/> minus the effect in the reference level.</summary>
public sealed record SubgroupDifference(string Level, EffectInterval Difference);

/// <summary>Effect modification by every requested modifier, on one effect scale.</summary>
/// <param name="Scale">"risk difference", "mean difference" or "RMST difference at horizon H".</param>
/// <param name="Modifiers">One entry per modifier.</param>
/// <param name="Warnings">Subgroups too small to estimate, and the like.</param>
public sealed record EffectModificationReport(string Scale, IReadOnlyList<EffectModification> Modifiers, IReadOnlyList<string> Warnings);
