using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Options;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Web;

/// <summary>What recording one outcome did.</summary>
/// <param name="Errors">Problems by field (the ingest job's field names); nothing was stored when any.</param>
/// <param name="Stored">Whether the observation was stored (false for an exact re-send of a stored one, too).</param>
/// <param name="Duplicate">The same observation was already stored.</param>
/// <param name="PosteriorBefore">The twin posterior version before.</param>
/// <param name="PosteriorAfter">The twin posterior version after the update (null: the twin could not use the observation).</param>
/// <param name="Before">The recommendation shown before.</param>
/// <param name="After">The recommendation re-issued after the twin update.</param>
/// <param name="SkippedObservations">Stored observations the twin's history cannot use (cycle gaps).</param>
/// <param name="ResponderBefore">The twin's P(the tumour responds to treatment) before (null: prior, not summarised).</param>
/// <param name="ResponderAfter">The same after the update.</param>
/// <param name="Refusal">Why the engine gave no recommendation after the update (inputs outside its training range), if it refused.</param>
public sealed record OutcomeResult(
    IReadOnlyList<RecordError> Errors, bool Stored, bool Duplicate, int? PosteriorBefore, int? PosteriorAfter,
    StoredRecommendation? Before, StoredRecommendation? After, int SkippedObservations, double? ResponderBefore = null, double? ResponderAfter = null,
    string? Refusal = null);

/// <summary>
/// The record-an-outcome form's back end: the form's cells go through the ingest job's CSV row validation
/// (<see cref="OutcomeObservationCsv.Row(IReadOnlyDictionary{string, string}, string, List{RecordError})"/>, the
/// Pipeline's outcome contract and schema) and the store's conflict rule; on any error nothing is stored. A valid
/// observation is stored (source "clinician-page"), the twin is updated for this patient (the update-twins step) and
/// the recommendation is re-issued.
/// </summary>
public sealed class OutcomeRecorder(Database database, Recommender recommender, PatientPage page, IOptions<TwinUpdateOptions> twinOptions, ILogger<OutcomeRecorder> logger)
{
    public const string Source = "clinician-page";
    public const string DisplayName = "clinician page";

    private readonly TwinUpdater updater = new(twinOptions.Value);

    public OutcomeResult Record(string patientId, IReadOnlyDictionary<string, string> cells)
    {
        var errors = new List<RecordError>();
        var row = new Dictionary<string, string>(cells) { ["patient_id"] = patientId };
        var observation = new OutcomeObservationCsv().Row(row, DisplayName, errors);
        if (observation is null || errors.Count > 0) return new OutcomeResult(errors, false, false, null, null, null, null, 0);

        var posteriorBefore = database.Read(c => PosteriorStore.Latest(c, patientId));
        // A patient the engine refuses (inputs outside its training range) has no recommendation, but its outcomes are kept.
        var before = Refused(() => page.Current(patientId, posteriorBefore), out _);
        var insert = database.Write(t => ObservationStore.Insert(t, observation, Source, database.NowMs));
        if (insert == ObservationInsert.Conflict)
            return new OutcomeResult([new RecordError(DisplayName, 1, patientId, "cycle",
                $"cycle {observation.Cycle} is already recorded with different values; not overwritten (send a correction through the clinical system)")],
                false, false, posteriorBefore?.Version, null, before, null, 0);
        if (insert == ObservationInsert.Duplicate)
            return new OutcomeResult([], false, true, posteriorBefore?.Version, posteriorBefore?.Version, before, before, 0);

        var (version, skipped) = UpdateTwinsJob.UpdatePatient(database, updater, patientId);
        var posteriorAfter = database.Read(c => PosteriorStore.Latest(c, patientId));
        var after = Refused(() => recommender.Recommend(patientId, Source), out var refusal);
        logger.LogInformation("Outcome recorded from the clinician page: twin posterior v{Before} -> v{After}, recommendation {Old} -> {New}",
            posteriorBefore?.Version, version, before?.Id, after?.Id);
        return new OutcomeResult([], true, false, posteriorBefore?.Version, version, before, after, skipped,
            Responder(posteriorBefore), Responder(posteriorAfter), refusal);
    }

    private static StoredRecommendation? Refused(Func<StoredRecommendation> recommend, out string? refusal)
    {
        try
        {
            refusal = null;
            return recommend();
        }
        catch (RecommendationRefusedException e)
        {
            refusal = e.Message;
            return null;
        }
    }

    private static double? Responder(StoredPosterior? posterior)
    {
        if (posterior is null) return null;
        using var summary = System.Text.Json.JsonDocument.Parse(posterior.SummaryJson);
        return summary.RootElement.TryGetProperty("responder_probability", out var p) ? p.GetDouble() : null;
    }
}
