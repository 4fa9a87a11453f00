using DtSmdrl.Host.Storage;

namespace DtSmdrl.Host.Cluster;

/// <summary>
/// The persisted state of a patient's twin grain (<see cref="StoreGrainStorage"/>: JSON in the store's grain_state
/// table): the latest posterior version, the observation ids it was conditioned on, and the latest recommendation.
/// The posterior itself stays in twin_posteriors; this is what lets the grain answer without reading it.
/// </summary>
[GenerateSerializer, Alias("dtsmdrl.patient-twin-state")]
public sealed record PatientTwinState(int? PosteriorVersion, long[] ObservationIds, StoredRecommendation? Recommendation)
{
    public PatientTwinState() : this(null, [], null) { }
}
