using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Storage;

namespace DtSmdrl.Host.Cluster;

/// <summary>
/// A patient's twin grain (<see cref="IPatientTwinGrain"/>). The store stays the record of truth: the steps write
/// posteriors and recommendations there first (idempotent appends), then the grain's state, which is persisted through
/// <see cref="StoreGrainStorage"/> before a call returns. A silo crash between the two leaves state one step behind the
/// store; the next call brings it level, and a re-delivered call finds its rows already stored and writes none.
/// </summary>
public sealed class PatientTwinGrain(
    [PersistentState("twin", StoreGrainStorage.Name)] IPersistentState<PatientTwinState> state,
    Database database) : Grain, IPatientTwinGrain
{
    private string PatientId => PatientTwinKey.Parse(this.GetPrimaryKeyString()).PatientId;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ClusterMetrics.ActiveTwins.Add(1);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ClusterMetrics.ActiveTwins.Add(-1);
        return Task.CompletedTask;
    }

    public Task<ObserveResult> ObserveAsync(ObservationBatch observations) => ClusterMetrics.Timed("observe", async () =>
    {
        var batch = observations.Read();
        if (batch.FirstOrDefault(o => o.PatientId != PatientId) is { } other)
            throw new ArgumentException($"observation of cycle {other.Cycle} belongs to another patient than this twin's.", nameof(observations));
        var outcomes = await Task.Run(() => ClusterStoreException.Guard(() => database.Write(t =>
            batch.Select(o => ObservationStore.Insert(t, o, observations.Source, database.NowMs)).ToList())));
        var inserted = outcomes.Count(o => o == ObservationInsert.Inserted);
        var duplicates = outcomes.Count(o => o == ObservationInsert.Duplicate);
        var conflicts = outcomes.Count(o => o == ObservationInsert.Conflict);
        if (outcomes.Contains(ObservationInsert.UnknownPatient))
            return new ObserveResult(0, 0, conflicts, null, null);
        var twin = await UpdateTwinCore();
        var recommendation = await RecommendCore();
        return new ObserveResult(inserted, duplicates, conflicts, twin, recommendation);
    });

    public Task<TwinUpdateResult> UpdateTwinAsync() => ClusterMetrics.Timed("update-twin", UpdateTwinCore);

    public Task<RecommendStepResult> RecommendBatchAsync() => ClusterMetrics.Timed("recommend-batch", RecommendCore);

    public Task<StoredRecommendation?> RecommendAsync() => Task.FromResult(state.State.Recommendation);

    public Task<PatientTwinState> StateAsync() => Task.FromResult(state.State);

    private async Task<TwinUpdateResult> UpdateTwinCore()
    {
        var result = await GrainFactory.GetGrain<ITwinPosteriorWorkerGrain>(0).UpdateAsync(PatientId);
        if (result.LatestVersion != state.State.PosteriorVersion || !result.ObservationIds.SequenceEqual(state.State.ObservationIds))
        {
            state.State = state.State with { PosteriorVersion = result.LatestVersion, ObservationIds = result.ObservationIds };
            await state.WriteStateAsync();
        }
        return result;
    }

    private async Task<RecommendStepResult> RecommendCore()
    {
        var result = await GrainFactory.GetGrain<IRecommendationWorkerGrain>(0).RecommendAsync(PatientId, RecommendBatchJob.Source);
        if (result.Recommendation is { } recommendation && recommendation.Id != state.State.Recommendation?.Id)
        {
            state.State = state.State with { Recommendation = recommendation, PosteriorVersion = recommendation.PosteriorVersion ?? state.State.PosteriorVersion };
            await state.WriteStateAsync();
        }
        return result;
    }
}
