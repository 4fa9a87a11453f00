namespace DtSmdrl.Plugins.Contracts.Causal;

/// <summary>
/// Estimates an average treatment effect from observational data (contract version
/// <see cref="CausalContract.Version"/>). Implementations must be deterministic for a given
/// <see cref="CausalOptions.Seed"/> and must not mutate the dataset they are given.
/// </summary>
[PluginContract("causal", CausalContract.Version)]
public interface ICausalEffectEstimator
{
    /// <summary>Short, stable name shown in reports, e.g. "AIPW (cross-fitted)".</summary>
    string Name { get; }

    /// <summary>Average effect of treated versus control, with intervals, diagnostics and refutations.</summary>
    EffectEstimate EstimateAverageEffect(ObservationalDataset data, EffectQuery query, CausalOptions options);
}

/// <summary>Estimates conditional (per-row) treatment effects tau(x) = E[Y(1) - Y(0) | x].</summary>
[PluginContract("causal", CausalContract.Version)]
public interface IConditionalEffectEstimator
{
    /// <summary>Short, stable name shown in reports.</summary>
    string Name { get; }

    /// <summary>One effect estimate per row of <paramref name="data"/>.</summary>
    ConditionalEffectEstimate EstimateConditionalEffects(ObservationalDataset data, EffectQuery query, CausalOptions options);
}
