using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Options;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Provenance;
using DtSmdrl.Pipeline.Twin.Models;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Engine;

/// <summary>
/// Makes and audits recommendations: the patient's stored record, its latest twin posterior (or the prior
/// before any outcome), the current model; the result is appended to the recommendations table with the model
/// version, posterior version and a SHA-256 of the inputs.
/// </summary>
public sealed class Recommender(Database database, ModelRegistry models, IOptions<EngineOptions> engineOptions, IOptions<TwinUpdateOptions> twinOptions)
{
    private readonly EngineOptions settings = engineOptions.Value;
    private readonly TwinUpdater updater = new(twinOptions.Value);
    private readonly Lock gate = new();

    /// <summary>Computes a recommendation (not yet stored).</summary>
    public StoredRecommendation Compute(string patientId, string source)
    {
        var stored = database.Read(c => PatientStore.Get(c, patientId))
            ?? throw new KeyNotFoundException($"Patient '{patientId}' is not in the store; add the record with `dtsmdrl patients import --file FILE`.");
        var (row, model) = models.Current();
        var posterior = database.Read(c => PosteriorStore.Latest(c, patientId));
        var observations = database.Read(c => ObservationStore.ForPatient(c, patientId)).Select(s => s.Observation).ToList();
        var seed = SeedOf(patientId);
        var samples = TwinSamples(stored.Record, posterior, settings.PosteriorSamples, seed);
        var cycles = posterior?.Cycles ?? 0;
        var history = TwinHistory.From(observations, baselineSldKnown: true).History.Actions.Take(cycles).ToList();
        EngineRecommendation result;
        // One recommendation at a time: the engines' models (ML.NET prediction engines, TorchSharp) are not thread-safe,
        // and the web host's requests and the jobs share them.
        lock (gate) result = model.Recommend(new RecommendationRequest(stored.Record, samples, history, cycles, seed));
        var plan = new JsonArray(result.Plan.Select((r, i) => (JsonNode)new JsonObject { ["cycle"] = cycles + i + 1, ["regimen"] = r }).ToArray());
        var probabilities = JsonSerializer.Serialize(result.Regimens, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
        var explanation = new JsonObject { ["text"] = result.Explanation, ["twin_weight"] = result.TwinWeight, ["observed_cycles"] = cycles };
        var inputs = $"{stored.Sha256}|posterior:{posterior?.Version}|{posterior?.LastObservationId}|model:{row.Version}|{row.FileSha256}|seed:{seed}";
        return new StoredRecommendation(0, patientId, database.NowMs, source, row.Version, posterior?.Version, plan.ToJsonString(), probabilities,
            result.ResponseProbability, result.SevereToxicityProbability, result.CvarCost, result.Confidence, explanation.ToJsonString(),
            ContentHash.OfBytes(Encoding.UTF8.GetBytes(inputs)));
    }

    /// <summary>Computes and appends; returns the stored row.</summary>
    public StoredRecommendation Recommend(string patientId, string source = "cli")
    {
        var recommendation = Compute(patientId, source);
        var id = database.Write(t => RecommendationStore.Append(t, recommendation));
        return recommendation with { Id = id };
    }

    /// <summary>Parameter samples of the patient's twin: from the posterior, or from the covariate-conditioned prior before any outcome.</summary>
    public NsclcParameters[] TwinSamples(PatientRecord record, StoredPosterior? posterior, int count, int seed)
    {
        if (posterior is not null) return posterior.Snapshot.Sample(TwinUpdater.Prior, count, seed);
        var covariates = updater.Covariates(record);
        var rng = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => TwinUpdater.Prior.ToParameters(covariates, TwinUpdater.Prior.SampleLatent(covariates, rng))).ToArray();
    }

    /// <summary>Seed of a patient's twin simulations (the recommendation's and the page's forecast use the same).</summary>
    public int SeedOf(string patientId) => StableSeed.Of(patientId, settings.Seed);
}
