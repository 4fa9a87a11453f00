namespace DtSmdrl.Plugins.Contracts.Explainers;

/// <summary>
/// Explains individual predictions (contract version <see cref="ExplainerContract.Version"/>): per patient, an
/// attribution of the target score over the model's named features. Implementations are deterministic for a given
/// <see cref="ExplainerOptions.Seed"/> and never mutate the request.
/// </summary>
[PluginContract("explainer", ExplainerContract.Version)]
public interface IPatientExplainer
{
    /// <summary>Short, stable method name shown in reports, e.g. "KernelSHAP".</summary>
    string Name { get; }

    /// <summary>Whether this explainer can explain <paramref name="model"/>; when not, <paramref name="reason"/> says why.</summary>
    bool Supports(ExplainableModel model, out string reason);

    /// <summary>One explanation per requested patient, in request order.</summary>
    IReadOnlyList<PatientExplanation> Explain(ExplanationRequest request);
}

/// <summary>
/// Ranks features by global importance per output (contract version <see cref="ExplainerContract.Version"/>).
/// Deterministic for a given <see cref="ExplainerOptions.Seed"/>.
/// </summary>
[PluginContract("explainer", ExplainerContract.Version)]
public interface IGlobalExplainer
{
    /// <summary>Short, stable method name shown in reports.</summary>
    string Name { get; }

    /// <summary>Whether this explainer can rank <paramref name="model"/>'s features; when not, <paramref name="reason"/> says why.</summary>
    bool Supports(ExplainableModel model, out string reason);

    /// <summary>One ranking per requested output, in request order.</summary>
    IReadOnlyList<GlobalImportance> Rank(GlobalExplanationRequest request);
}
