using System.Text.Json.Nodes;
using DtSmdrl.Host.Options;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Provenance;
using DtSmdrl.Pipeline.Study;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Engine;

/// <summary>The outcome of training a model version.</summary>
/// <param name="Version">models.version.</param>
/// <param name="Promoted">Whether it became the current model.</param>
/// <param name="Decision">Why (with both held-out scores when compared).</param>
/// <param name="CandidateBrier">Held-out Brier of the new model.</param>
/// <param name="CurrentBrier">Held-out Brier of the model it was compared with (null: none).</param>
public sealed record TrainingResult(int Version, bool Promoted, string Decision, double CandidateBrier, double? CurrentBrier);

/// <summary>
/// Trains models from a cohort folder, evaluates them on the cohort's held-out (test) split, writes the model
/// file, registers the version with manifest (plus the <see cref="TrainingRange"/> of its training records) and
/// metrics, and decides promotion: `train` promotes always,
/// `retrain` only when the candidate's held-out Brier is at most the current model's plus Engine:PromotionMargin.
/// The file is written before the version is registered, so a crash leaves at most an unregistered file.
/// </summary>
public sealed class ModelRegistry(Database database, IRecommendationEngine engine, IOptions<EngineOptions> options, ILogger<ModelRegistry> logger)
{
    private readonly EngineOptions settings = options.Value;
    private readonly Dictionary<int, IRecommendationModel> loaded = [];

    /// <summary>Trains, evaluates and registers; <paramref name="alwaysPromote"/> skips the comparison.</summary>
    public TrainingResult Train(string cohortFolder, bool alwaysPromote, IProgress<string>? progress = null)
    {
        var cohort = CohortFolder.Load(cohortFolder);
        var heldOut = cohort.InSplit(CohortSplit.Test);
        var heldOutIds = heldOut.Select(p => p.Id).ToHashSet();
        var heldOutCourses = cohort.Courses.Where(c => heldOutIds.Contains(c.PatientId)).ToList();
        var (data, storedCourses) = WithStoredOutcomes(cohort.TrainingData(), heldOutIds);
        var candidate = engine.Train(data, settings.Seed, progress);
        var candidateScore = candidate.Evaluate(heldOut, heldOutCourses);

        var current = new ModelStore(database).Current();
        HeldOutEvaluation? currentScore = null;
        if (current is not null && !alwaysPromote)
            currentScore = Load(current).Evaluate(heldOut, heldOutCourses);
        bool promote;
        string decision;
        if (alwaysPromote)
            (promote, decision) = (true, $"promoted by `dtsmdrl train` (held-out Brier {candidateScore.Brier:F4} on {candidateScore.Patients} patients)");
        else if (current is null || currentScore is null || double.IsNaN(currentScore.Brier))
            (promote, decision) = (true, $"promoted: no current model to compare with (held-out Brier {candidateScore.Brier:F4})");
        else
            (promote, decision) = PromotionRule.Decide(candidateScore, current.Version, currentScore, settings.PromotionMargin);

        // Bundles are trained on patient data: owner-only (the folder 0700 when created here, the file 0600 before it is renamed).
        PrivateFiles.CreateFolder(settings.ModelFolder);
        var temporary = Path.Combine(settings.ModelFolder, $"candidate-{Guid.NewGuid():N}.zip");
        candidate.Save(temporary);
        PrivateFiles.Restrict(temporary);
        var hash = ContentHash.OfFile(temporary);
        var file = Path.GetFullPath(Path.Combine(settings.ModelFolder, $"{engine.Name}-{hash[..16]}.zip"));
        File.Move(temporary, file, overwrite: true);
        var metrics = new JsonObject
        {
            ["held_out_brier"] = candidateScore.Brier,
            ["held_out_patients"] = candidateScore.Patients,
            ["compared_with_version"] = current?.Version,
            ["compared_brier"] = currentScore?.Brier,
            ["promotion_margin"] = settings.PromotionMargin,
            ["training_patients"] = data.Train.Count,
            ["stored_courses"] = storedCourses,
            ["cohort"] = Path.GetFullPath(cohortFolder),
            ["cohort_patients_sha256"] = cohort.Manifest.Files.GetValueOrDefault(CohortFolder.Patients),
        };
        var manifest = TrainingRange.Of(data.Train.Select(p => p.Observed)).AddTo(candidate.ManifestJson);
        var version = database.Write(t => ModelStore.Register(t, engine.Name, file, hash, manifest, metrics.ToJsonString(),
            promote ? ModelStatus.Promoted : ModelStatus.Rejected, decision, database.NowMs));
        logger.LogInformation("Model v{Version} ({Engine}): {Decision}", version, engine.Name, decision);
        return new TrainingResult(version, promote, decision, candidateScore.Brier, currentScore?.Brier);
    }

    /// <summary>
    /// The cohort's training data plus the courses in the store (outside the held-out split, with a scan after
    /// baseline; a stored course replaces the cohort's course of the same patient). The baseline scan is the
    /// record's imaging when no cycle-0 observation was stored.
    /// </summary>
    private (StudyData Data, int StoredCourses) WithStoredOutcomes(StudyData data, HashSet<string> heldOut)
    {
        if (!settings.IncludeStoredOutcomes) return (data, 0);
        var stored = new List<(StudyPatient Patient, RetrospectiveCourse Course)>();
        var ids = database.Read(c => c.Query("SELECT DISTINCT patient_id FROM observations ORDER BY patient_id", r => r.GetString(0)));
        foreach (var id in ids.Where(i => !heldOut.Contains(i)))
        {
            var record = database.Read(c => PatientStore.Get(c, id))?.Record;
            if (record is null) continue;
            var observations = database.Read(c => ObservationStore.ForPatient(c, id)).Select(o => o.Observation).OrderBy(o => o.Cycle).ToList();
            if (!observations.Any(o => o.Cycle >= 1 && o.LesionDiametersMm is { Count: > 0 })) continue;
            if (observations[0].Cycle != 0 && record.Imaging is { } imaging)
                observations.Insert(0, new OutcomeObservation
                {
                    PatientId = id, ObservedAt = imaging.AcquiredAt, Cycle = 0, LesionDiametersMm = imaging.LesionDiametersMm, TreatmentGiven = "hold",
                });
            var patient = new StudyPatient(id, CohortSplit.Train, record, GuidelineBiomarkers.From(record));
            stored.Add((patient, CohortFolder.Summarise(patient, observations)));
        }
        if (stored.Count == 0) return (data, 0);
        var replaced = stored.Select(s => s.Patient.Id).ToHashSet();
        return (new StudyData(
            [.. data.Train.Where(p => !replaced.Contains(p.Id)), .. stored.Select(s => s.Patient)],
            [.. data.Validation.Where(p => !replaced.Contains(p.Id))],
            [.. data.TrainCourses.Where(c => !replaced.Contains(c.PatientId)), .. stored.Select(s => s.Course)],
            [.. data.ValidationCourses.Where(c => !replaced.Contains(c.PatientId))]), stored.Count);
    }

    /// <summary>The current model, or a clear error when none was trained.</summary>
    public (StoredModel Row, IRecommendationModel Model) Current()
    {
        var row = new ModelStore(database).Current()
            ?? throw new InvalidOperationException("No promoted model in the store: run `dtsmdrl train --cohort DIR` first.");
        return (row, Load(row));
    }

    // Locked: the web host's requests and the jobs share this registry.
    private IRecommendationModel Load(StoredModel row)
    {
        lock (loaded) return LoadUnlocked(row);
    }

    private IRecommendationModel LoadUnlocked(StoredModel row)
    {
        if (loaded.TryGetValue(row.Version, out var model)) return model;
        if (!File.Exists(row.FilePath)) throw new FileNotFoundException($"Model v{row.Version}'s file '{row.FilePath}' is missing.", row.FilePath);
        var hash = ContentHash.OfFile(row.FilePath);
        if (hash != row.FileSha256)
            throw new InvalidDataException($"Model v{row.Version}'s file '{row.FilePath}' does not match the SHA-256 registered with it.");
        return loaded[row.Version] = engine.Load(row.FilePath);
    }
}
