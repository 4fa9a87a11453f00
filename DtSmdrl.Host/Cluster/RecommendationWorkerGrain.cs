using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Storage;
using Orleans.Concurrency;

namespace DtSmdrl.Host.Cluster;

/// <summary>The heavy part of a recommendation: the engine's twin simulations of every regimen and, for meta-ppo, the per-patient adaptation.</summary>
[Alias("dtsmdrl.recommendation-worker")]
public interface IRecommendationWorkerGrain : IGrainWithIntegerKey
{
    [Alias("recommend")]
    Task<RecommendStepResult> RecommendAsync(string patientId, string source);
}

/// <summary>
/// A stateless worker running the recommend-batch job's step (<see cref="Recommender.Compute"/>, then append unless the
/// same model, posterior and source already have one: a re-delivered call writes nothing). The engine's models are
/// not thread-safe, so <see cref="Recommender"/> still makes one recommendation at a time per silo; the workers
/// overlap the store reads and the twin sampling around it.
/// </summary>
[StatelessWorker]
public sealed class RecommendationWorkerGrain(Database database, Recommender recommender) : Grain, IRecommendationWorkerGrain
{
    public Task<RecommendStepResult> RecommendAsync(string patientId, string source) => Task.Run(() => ClusterStoreException.Guard(() =>
    {
        StoredRecommendation computed;
        try
        {
            computed = recommender.Compute(patientId, source);
        }
        catch (RecommendationRefusedException e)
        {
            return new RecommendStepResult(false, null, e.Message);
        }
        var id = database.Write(t => RecommendationStore.Exists(t, patientId, computed.ModelVersion, computed.PosteriorVersion, source)
            ? (long?)null
            : RecommendationStore.Append(t, computed));
        if (id is { } written) return new RecommendStepResult(true, computed with { Id = written }, null);
        var stored = database.Read(c => RecommendationStore.ForPatient(c, patientId))
            .Last(r => r.ModelVersion == computed.ModelVersion && r.PosteriorVersion == computed.PosteriorVersion && r.Source == source);
        return new RecommendStepResult(false, stored, null);
    }));
}
