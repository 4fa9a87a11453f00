namespace DtSmdrl.Pipeline.Agent.MlNet;

/// <summary>Names of the columns <see cref="MetaPpoTransformer"/> adds.</summary>
public static class MetaPpoColumns
{
    /// <summary>Vector&lt;Text, cycles&gt;: the action name per cycle (the most frequent across closed-loop rollouts).</summary>
    public const string RecommendedPlan = "RecommendedPlan";
    /// <summary>Vector&lt;Single, actions&gt;: policy probabilities at the first decision, shield-masked actions 0.</summary>
    public const string ActionProbabilities = "ActionProbabilities";
    /// <summary>Single: share of rollouts with a RECIST CR or PR.</summary>
    public const string PredictedResponseProbability = "PredictedResponseProbability";
    /// <summary>Vector&lt;Single, 2&gt;: [CVaR_alpha of episode toxicity cost, probability of a severe toxicity event].</summary>
    public const string ToxicityRisk = "ToxicityRisk";
    /// <summary>Single in [0, 1]: the project's one confidence (Evaluation/Uncertainty/README.md) over the patient's twin samples.</summary>
    public const string Confidence = "Confidence";
    /// <summary>Single: mean episode value J over the rollouts.</summary>
    public const string ExpectedValue = "ExpectedValue";

    /// <summary>Every output column, in schema order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [RecommendedPlan, ActionProbabilities, PredictedResponseProbability, ToxicityRisk, Confidence, ExpectedValue];
}
