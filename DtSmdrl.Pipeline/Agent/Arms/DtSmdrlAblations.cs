namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// The DT-SMDRL ablations of the study: each removes one component of the full method and keeps the rest
/// (same budgets, same seeds), so a difference in the table is that component's contribution.
/// </summary>
public static class DtSmdrlAblations
{
    /// <summary>
    /// Without shield; mean-cost instead of CVaR constraint; population-trained instead of meta-learned initialisation;
    /// one point-estimate twin instead of posterior samples (without uncertainty).
    /// Without imitation warm start (meta-training from a fresh network). <paramref name="cache"/> lets the arms that record
    /// the same Twin-MPC demonstrations as the full method (and each other) record them once.
    /// </summary>
    public static IReadOnlyList<DtSmdrlMethod> Create(DtSmdrlArmOptions full, DemonstrationCache? cache = null) =>
    [
        new(full with { ShieldThreshold = null }) { Name = "DT-SMDRL w/o shield", DemonstrationCache = cache },
        // The mean cost whatever risk measure the full arm was given (a plugin's included).
        new(full with { Meta = full.Meta with { Inner = full.Meta.Inner with { CostMeasure = CostMeasure.Mean, CustomCostMeasure = null } } }) { Name = "DT-SMDRL w/o CVaR (mean cost)", DemonstrationCache = cache },
        WithoutMetaLearning(full, cache),
        new(full with { PointEstimateTwins = true }) { Name = "DT-SMDRL w/o uncertainty (point-estimate twin)", DemonstrationCache = cache },
        WithoutImitation(full),
    ];

    /// <summary>Display name of <see cref="WithoutImitation"/>.</summary>
    public const string WithoutImitationName = "DT-SMDRL w/o imitation warm start";

    /// <summary>Meta-training from a fresh network instead of the behaviour-cloned Twin-MPC policy (the agent before the warm start).</summary>
    public static DtSmdrlMethod WithoutImitation(DtSmdrlArmOptions full) => new(full with { Imitation = null }) { Name = WithoutImitationName };

    /// <summary>Display name of <see cref="WithoutMetaLearning"/>.</summary>
    public const string WithoutMetaLearningName = "DT-SMDRL w/o meta-learning";

    /// <summary>The population-trained instead of meta-learned initialisation, same budget (also the adaptation-speed comparison).</summary>
    public static DtSmdrlMethod WithoutMetaLearning(DtSmdrlArmOptions full, DemonstrationCache? cache = null) =>
        new(full with { Initialisation = InitialisationKind.Population }) { Name = WithoutMetaLearningName, DemonstrationCache = cache };

    /// <summary>
    /// The closed loop inside the episode (<see cref="DtSmdrlArmOptions.InCourseBelief"/>): the belief-conditioned agent, and the
    /// same with the belief feeding only the shield ("without belief input"). The study's "DT-SMDRL" row is the agent without
    /// in-course updates (the belief is off by default). Both keep the full method's imitation warm start (the belief-reading
    /// policy's demonstrations carry the belief summary), so paired.csv's differences against DT-SMDRL are the belief's.
    /// </summary>
    public static IReadOnlyList<DtSmdrlMethod> InCourseBelief(DtSmdrlArmOptions full, DemonstrationCache? cache = null) =>
    [
        new(full with { InCourseBelief = true }) { Name = InCourseBeliefName, DemonstrationCache = cache },
        new(full with { InCourseBelief = true, BeliefInput = false }) { Name = InCourseBeliefName + " w/o belief input", DemonstrationCache = cache },
    ];

    /// <summary>
    /// The behaviour-cloned Twin-MPC policy alone (<see cref="InitialisationKind.Imitation"/>: no meta-training; the test
    /// patients' K adaptation updates still run), which says what the reinforcement learning after the warm start adds.
    /// </summary>
    public static DtSmdrlMethod ImitationOnly(DtSmdrlArmOptions full, DemonstrationCache? cache = null) =>
        new(full with { Imitation = full.Imitation ?? new ImitationOptions(), Initialisation = InitialisationKind.Imitation }) { Name = ImitationOnlyName, DemonstrationCache = cache };

    /// <summary>Name of the behaviour-cloned policy without reinforcement learning.</summary>
    public const string ImitationOnlyName = "DT-SMDRL imitation only";

    /// <summary>Name of the belief-conditioned arm in the study's tables.</summary>
    public const string InCourseBeliefName = "DT-SMDRL + in-course belief";

    /// <summary>
    /// The fusion comparison, in the other direction: the study's DT-SMDRL reads the plain concatenated features and the
    /// biomarker-conditioned prior (it is the "without fusion" configuration; the fusion prior measured no better on the twin
    /// latents), and this variant swaps in the fusion transformer's embedding and twin prior (<see cref="FusionTwinSource"/>).
    /// </summary>
    public static DtSmdrlMethod WithFusion(DtSmdrlArmOptions full, FusionTwinSource source) =>
        new(full, source: source) { Name = "DT-SMDRL + fusion (embedding, fusion twin prior)" };
}
