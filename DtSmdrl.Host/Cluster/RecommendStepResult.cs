using DtSmdrl.Host.Storage;

namespace DtSmdrl.Host.Cluster;

/// <summary>
/// What one recommend-batch step on the cluster did: the stored recommendation of the current model for the latest
/// posterior (written now or found from an earlier delivery), or the refusal when the record lies outside the model's
/// training range (the reason can quote a value: it goes to the caller, never to a log).
/// </summary>
[GenerateSerializer, Alias("dtsmdrl.recommend-step-result")]
public sealed record RecommendStepResult(bool Written, StoredRecommendation? Recommendation, string? Refusal);
