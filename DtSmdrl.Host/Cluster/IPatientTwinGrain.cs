using DtSmdrl.Host.Storage;

namespace DtSmdrl.Host.Cluster;

/// <summary>
/// One patient's digital twin on the cluster, keyed by <see cref="PatientTwinKey"/> ("{tenant}/{patient id}"). Calls
/// to one patient are serialised by Orleans (one activation, one call at a time); every step is idempotent against
/// the store, so a call re-delivered after a silo crash writes nothing twice.
/// </summary>
[Alias("dtsmdrl.patient-twin")]
public interface IPatientTwinGrain : IGrainWithStringKey
{
    /// <summary>Stores new observations (re-delivered ones are no-ops), updates the posterior and re-recommends.</summary>
    [Alias("observe")]
    Task<ObserveResult> ObserveAsync(ObservationBatch observations);

    /// <summary>The update-twins step: a new posterior version from all stored observations, when they are newer.</summary>
    [Alias("update-twin")]
    Task<TwinUpdateResult> UpdateTwinAsync();

    /// <summary>The recommend-batch step: the current model's recommendation for the latest posterior, unless stored.</summary>
    [Alias("recommend-batch")]
    Task<RecommendStepResult> RecommendBatchAsync();

    /// <summary>The latest recommendation, from the grain's state (null: none yet).</summary>
    [Alias("recommend")]
    Task<StoredRecommendation?> RecommendAsync();

    /// <summary>The persisted state (for operators and tests).</summary>
    [Alias("state")]
    Task<PatientTwinState> StateAsync();
}
