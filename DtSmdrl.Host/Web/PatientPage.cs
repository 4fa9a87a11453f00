using System.Text.Json;
using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Options;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Records;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Web;

/// <summary>One planned cycle.</summary>
public sealed record PlannedCycle(int Cycle, string Regimen);

/// <summary>Everything the patient page shows, read in one go.</summary>
public sealed record PatientPageView(
    string PatientId,
    PatientRecord Record,
    IReadOnlyList<string> MissingModalities,
    IReadOnlyList<OutcomeObservation> Observations,
    StoredPosterior? Posterior,
    JsonElement? PosteriorSummary,
    StoredModel Model,
    StoredRecommendation Recommendation,
    IReadOnlyList<PlannedCycle> Plan,
    IReadOnlyList<RegimenScore> Ranked,
    string ExplanationText,
    double? TwinWeight,
    double? TwinResponseSpread,
    IReadOnlyList<StoredDecision> Decisions,
    ForecastFigures Forecast);

/// <summary>
/// Reads what the patient page shows: record, observed course, latest twin posterior, the current model's
/// recommendation for that posterior (made and audited with source "clinician-page" when the jobs have not made
/// one yet), the decisions taken on it, and the forecast figures.
/// </summary>
public sealed class PatientPage(Database database, Recommender recommender, ModelRegistry models, IOptions<WebOptions> options, ILogger<PatientPage> logger)
{
    // The figures depend only on the recommendation, the posterior version and the settings, so they are drawn once per
    // combination (the twin simulation is most of a page's time) and kept while memory allows.
    private readonly MemoryCache figures = new(new MemoryCacheOptions { SizeLimit = options.Value.ForecastCacheMegabytes * 1024L * 1024L });

    public const string Source = "clinician-page";

    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly WebOptions settings = options.Value;

    /// <summary>The page, or null when the patient is not in the store. Throws <see cref="InvalidOperationException"/> when no model is promoted.</summary>
    public PatientPageView? Load(string patientId)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var stored = database.Read(c => PatientStore.Get(c, patientId));
        if (stored is null) return null;
        var record = stored.Value.Record;
        var observations = database.Read(c => ObservationStore.ForPatient(c, patientId)).Select(s => s.Observation).ToList();
        var posterior = database.Read(c => PosteriorStore.Latest(c, patientId));
        var recommendation = Current(patientId, posterior);
        var model = new ModelStore(database).All().First(m => m.Version == recommendation.ModelVersion);

        var plan = ParsePlan(recommendation.PlanJson);
        var ranked = (JsonSerializer.Deserialize<List<RegimenScore>>(recommendation.ProbabilitiesJson, SnakeCase) ?? [])
            .Where(r => r.Supported).OrderByDescending(r => r.Score).ToList();
        using var explanation = JsonDocument.Parse(recommendation.ExplanationJson);
        var text = explanation.RootElement.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
        double? weight = explanation.RootElement.TryGetProperty("twin_weight", out var w) && w.ValueKind == JsonValueKind.Number ? w.GetDouble() : null;
        var chosen = ranked.FirstOrDefault(r => plan.Count > 0 && r.Regimen == plan[0].Regimen);
        double? spread = chosen is null ? null : Math.Sqrt(chosen.TwinResponse * (1 - chosen.TwinResponse));

        var cycles = posterior?.Cycles ?? 0;
        var history = TwinHistory.From(observations, baselineSldKnown: true).History.Actions.Take(cycles).ToList();
        var read = watch.Elapsed.TotalMilliseconds;
        var key = (recommendation.Id, posterior?.Version, observations.Count);
        if (!figures.TryGetValue(key, out ForecastFigures? forecast) || forecast is null)
        {
            forecast = Forecast(record, posterior, history, plan, ranked, observations);
            figures.Set(key, forecast, new MemoryCacheEntryOptions { Size = 2L * (forecast.SldSvg.Length + forecast.AncSvg.Length) });
        }
        logger.LogDebug("Patient page read in {ReadMs:F1} ms, forecast in {ForecastMs:F1} ms", read, watch.Elapsed.TotalMilliseconds - read);
        return new PatientPageView(patientId, record, MissingModalities(record), observations, posterior,
            posterior is null ? null : JsonDocument.Parse(posterior.SummaryJson).RootElement.Clone(), model, recommendation, plan, ranked, text, weight, spread,
            new RecommendationDecisionStore(database).ListForPatient(patientId), forecast);
    }

    /// <summary>
    /// The newest recommendation from the current model for the latest posterior (any source); made and stored now when
    /// there is none, so the page always shows, and a decision always refers to, an audited row.
    /// </summary>
    public StoredRecommendation Current(string patientId, StoredPosterior? posterior)
    {
        var (model, _) = models.Current();
        var existing = database.Read(c => RecommendationStore.ForPatient(c, patientId))
            .LastOrDefault(r => r.ModelVersion == model.Version && r.PosteriorVersion == posterior?.Version);
        if (existing is not null) return existing;
        var made = recommender.Recommend(patientId, Source);
        logger.LogInformation("Recommendation {RecommendationId} made for the clinician page with model v{ModelVersion}", made.Id, made.ModelVersion);
        return made;
    }

    /// <summary>The stored plan (JSON array of {cycle, regimen}).</summary>
    public static IReadOnlyList<PlannedCycle> ParsePlan(string planJson)
    {
        using var document = JsonDocument.Parse(planJson);
        return document.RootElement.EnumerateArray().Select(e => new PlannedCycle(e.GetProperty("cycle").GetInt32(), e.GetProperty("regimen").GetString()!)).ToList();
    }

    /// <summary>Modalities of the record that are absent (they lower what the model and the twin prior know).</summary>
    public static IReadOnlyList<string> MissingModalities(PatientRecord record)
    {
        var present = new Dictionary<string, bool>
        {
            ["clinical"] = record.Clinical is not null,
            ["labs"] = record.Labs is not null,
            ["omics"] = record.Omics is not null,
            ["imaging"] = record.Imaging is not null,
            ["signals"] = record.Signals is { Samples.Count: > 0 },
            ["history"] = record.History is not null,
            ["note"] = !string.IsNullOrWhiteSpace(record.Note),
        };
        return Catalogs.Modalities.Where(m => !present.GetValueOrDefault(m)).ToList();
    }

    private ForecastFigures Forecast(PatientRecord record, StoredPosterior? posterior, IReadOnlyList<int> history, IReadOnlyList<PlannedCycle> plan,
        IReadOnlyList<RegimenScore> ranked, IReadOnlyList<OutcomeObservation> observations)
    {
        var recommended = plan.Count > 0 ? plan[0].Regimen : "hold";
        var shown = new List<(string, string)> { ("Recommended", recommended) };
        // The next two alternatives as the engine ranked them; an engine without a ranking (meta-ppo) gets hold as the comparison.
        var alternatives = ranked.Select(r => r.Regimen).Where(r => r != recommended).Take(2).ToList();
        if (alternatives.Count == 0 && recommended != "hold") alternatives.Add("hold");
        shown.AddRange(alternatives.Select((r, k) => ($"Alternative {k + 2}", r)));

        var seed = recommender.SeedOf(record.PatientId);
        var samples = recommender.TwinSamples(record, posterior, settings.ForecastSamples, unchecked(seed + settings.Seed));
        var baselineSld = record.Imaging?.LesionDiametersMm.Sum() ?? double.NaN;
        var sld = new List<(double, double)>();
        var anc = new List<(double, double)>();
        if (double.IsFinite(baselineSld)) sld.Add((0, baselineSld));
        if (record.Labs?.Anc10e9PerL is > 0 and var a0 && !observations.Any(o => o.Cycle == 0 && o.Labs?.Anc10e9PerL is not null)) anc.Add((0, a0));
        foreach (var o in observations.OrderBy(o => o.Cycle))
        {
            var day = 21.0 * o.Cycle;
            if (o.LesionDiametersMm is { Count: > 0 } d && !(o.Cycle == 0 && double.IsFinite(baselineSld))) sld.Add((day, d.Sum()));
            if (o.Labs?.Anc10e9PerL is > 0 and var a) anc.Add((day, a));
        }
        return PatientForecast.Draw(record.PatientId, baselineSld, samples, history, shown, Math.Max(plan.Count, 1), (ulong)(uint)seed, sld, anc);
    }
}
