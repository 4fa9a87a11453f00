namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// The DT-SMDRL agent's recommendation for one patient, from closed-loop rollouts of its adapted, shielded
/// policy on the patient's posterior twin samples (never the true twin).
/// </summary>
/// <param name="Plan">Per cycle, the action most often taken across the rollouts (the policy re-plans each cycle from what it observes).</param>
/// <param name="ActionProbabilities">Policy probabilities at the first decision (mean over the samples; shield-masked actions get 0).</param>
/// <param name="ResponseProbability">Share of rollouts with a RECIST CR or PR, calibrated when the recommender has a <see cref="StatedResponseCalibration"/>.</param>
/// <param name="ToxicityCvar">CVaR_alpha of the episode toxicity cost over the rollouts (alpha from the agent's options).</param>
/// <param name="SevereToxicityProbability">Share of rollouts with at least one severe toxicity event.</param>
/// <param name="Confidence">The project's one confidence (<see cref="Evaluation.Uncertainty.RecommendationConfidence"/>):
/// 1 - sqrt(s_model^2 + s_twin^2) / sqrt(0.5); the policy has no MC dropout (s_model = 0), s_twin is the spread of the
/// response outcome over the rollouts on the patient's twin samples.</param>
/// <param name="ExpectedValue">Mean episode value J over the rollouts (the twin's reward, follow-up included).</param>
/// <param name="ShieldFallbacks">Decisions in the rollouts at which the shield masked every action and held.</param>
public sealed record PatientRecommendation(
    string[] Plan,
    float[] ActionProbabilities,
    double ResponseProbability,
    double ToxicityCvar,
    double SevereToxicityProbability,
    double Confidence,
    double ExpectedValue,
    int ShieldFallbacks)
{
    /// <summary>True when every field, array elements included, is bit-for-bit equal (the record's own equality compares array references).</summary>
    public bool HasSameContent(PatientRecommendation other) =>
        Plan.SequenceEqual(other.Plan) && ActionProbabilities.SequenceEqual(other.ActionProbabilities)
        && ResponseProbability.Equals(other.ResponseProbability) && ToxicityCvar.Equals(other.ToxicityCvar)
        && SevereToxicityProbability.Equals(other.SevereToxicityProbability) && Confidence.Equals(other.Confidence)
        && ExpectedValue.Equals(other.ExpectedValue) && ShieldFallbacks == other.ShieldFallbacks;
}
