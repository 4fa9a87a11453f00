namespace DtSmdrl.Host.Cluster;

/// <summary>
/// What <see cref="IPatientTwinGrain.ObserveAsync"/> did: the observations stored, already stored (a re-delivery:
/// nothing written), in conflict with a stored one of the same cycle (refused), then the twin update and the new
/// recommendation (both null when nothing of the patient is stored).
/// </summary>
[GenerateSerializer, Alias("dtsmdrl.observe-result")]
public sealed record ObserveResult(int Inserted, int Duplicates, int Conflicts, TwinUpdateResult? Twin, RecommendStepResult? Recommendation);
