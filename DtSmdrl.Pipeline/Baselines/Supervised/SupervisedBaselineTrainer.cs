using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Evaluation.Uncertainty;
using DtSmdrl.Pipeline.Preprocessing;
using DtSmdrl.Pipeline.Provenance;
using DtSmdrl.Pipeline.Study;
using Microsoft.ML;

namespace DtSmdrl.Pipeline.Baselines.Supervised;

/// <summary>
/// Trains the "Supervised Model" arm on the retrospective (observational, confounded) first-line courses:
/// <list type="number">
/// <item>The patient featuriser (<see cref="DtSmdrlCatalog.FeaturizePatient(PatientFeaturizerOptions)"/>) is fitted on
/// the training patients only; it learns no labels, so the sweep reuses its output across folds.</item>
/// <item>One model per regimen and outcome, for every regimen given first to at least
/// <see cref="SupervisedBaselineOptions.MinimumPatientsPerRegimen"/> training patients. Per regimen rather
/// than one pooled model with the regimen as a feature: the retrospective regimens go to very different
/// patients (EGFR-mutant patients get the kinase inhibitor), so a pooled model would mostly learn who got
/// what, and separate models make plain that a regimen is judged only from the patients who received it.
/// The price is smaller cells; cells with fewer than <see cref="SupervisedBaselineOptions.MinimumPerClass"/>
/// patients of a class fall back to the smoothed rate.</item>
/// <item>Trainer and hyperparameters per cell by stratified k-fold cross-validation on the training
/// split (<see cref="CrossValidationSweep"/>), then refitted on all of the cell's training patients; a
/// cell where no trainer beats the smoothed rate out of fold is modelled by the rate.</item>
/// <item>Platt calibration on the validation patients of the same regimen.</item>
/// </list>
/// The labels inherit the clinician's confounding: a regimen's model predicts how it did for the
/// kind of patient who was given it, which is the honest limitation of this baseline.
/// </summary>
public static class SupervisedBaselineTrainer
{
    public static SupervisedBaselineModel Train(StudyData data, int seed, SupervisedBaselineOptions? options = null, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new SupervisedBaselineOptions();
        options.Validate();
        var clock = Stopwatch.StartNew();
        var ml = new MLContext(seed);
        DtSmdrlCatalog.RegisterComponents(ml);

        var trainRecords = data.Train.Select(p => p.Observed).ToList();
        if (trainRecords.Count == 0) throw new ArgumentException("Supervised baseline: the training split is empty.", nameof(data));
        var trainView = PatientDataView.Create(ml, trainRecords);
        progress?.Report($"Supervised baseline: fitting the featuriser on {trainRecords.Count} training patients");
        var featurizer = ml.DtSmdrl().FeaturizePatient(options.Featurizer).Fit(trainView);
        var featureSize = ((Microsoft.ML.Data.VectorDataViewType)featurizer.GetOutputSchema(trainView.Schema)[PatientFeaturizer.Features].Type).Size;

        var trainFeatures = Featurise(ml, featurizer, data.Train, featureSize);
        var validationFeatures = Featurise(ml, featurizer, data.Validation, featureSize);
        var trainCells = Cells(data.TrainCourses, trainFeatures);
        var validationCells = Cells(data.ValidationCourses, validationFeatures);

        var allowed = options.Regimens?.ToHashSet(StringComparer.Ordinal);
        var regimens = trainCells.Keys
            .Where(r => r != "hold" && (allowed is null || allowed.Contains(r)) && trainCells[r].Count >= options.MinimumPatientsPerRegimen)
            .OrderBy(r => Catalogs.Regimens.ToList().IndexOf(r) is var i && i >= 0 ? i : int.MaxValue).ThenBy(r => r, StringComparer.Ordinal)
            .ToList();
        if (regimens.Count == 0)
            throw new InvalidOperationException(
                $"Supervised baseline: no regimen has at least {options.MinimumPatientsPerRegimen} training patients " +
                $"(seen: {string.Join(", ", trainCells.Select(c => $"{c.Key} {c.Value.Count}"))}).");

        var models = new List<OutcomeModel>();
        foreach (var regimen in regimens)
            foreach (var outcome in new[] { Outcomes.Response, Outcomes.SevereToxicity })
            {
                progress?.Report($"Supervised baseline: {regimen} / {outcome} ({trainCells[regimen].Count} patients)");
                validationCells.TryGetValue(regimen, out var validation);
                models.Add(TrainCell(ml, regimen, outcome, trainCells[regimen], validation ?? [], options, seed));
            }

        var state = new SupervisedModelState
        {
            ToxicityWeight = options.ToxicityWeight, FeatureSize = featureSize, Featurizer = options.Featurizer, Regimens = regimens,
            Outcomes = models.Select(m => m.State).ToList(),
            SupportedGroups = options.MinimumGroupSupport == 0 ? null : regimens.ToDictionary(r => r,
                r => (IReadOnlyList<GuidelineGroup>)trainCells[r].GroupBy(e => e.Course.Group)
                    .Where(g => g.Count() >= options.MinimumGroupSupport).Select(g => g.Key).Order().ToList()),
        };
        var manifest = new BundleManifest
        {
            Kind = SupervisedBaselineModel.BundleKind,
            TrainingDataHash = TrainingDataHash(data),
            Seed = seed,
            PackageVersions = WithTrainerPackages(BuildInfo.PackageVersions),
            Options = options.ToJson(),
            Metrics = Metrics(models, trainRecords.Count, featureSize, clock.Elapsed.TotalSeconds),
        };
        return new SupervisedBaselineModel(ml, featurizer, trainView.Schema, state, models, manifest);
    }

    private sealed record Example(float[] Features, RetrospectiveCourse Course);

    private static Dictionary<string, float[]> Featurise(MLContext ml, ITransformer featurizer, IReadOnlyList<StudyPatient> patients, int size)
    {
        if (patients.Count == 0) return [];
        var features = SupervisedBaselineModel.ExtractFeatures(featurizer.Transform(PatientDataView.Create(ml, patients.Select(p => p.Observed))), size);
        return patients.Select((p, i) => (p.Id, features[i])).ToDictionary(x => x.Id, x => x.Item2);
    }

    private static Dictionary<string, List<Example>> Cells(IReadOnlyList<RetrospectiveCourse> courses, Dictionary<string, float[]> features)
    {
        var cells = new Dictionary<string, List<Example>>(StringComparer.Ordinal);
        foreach (var course in courses)
        {
            // Courses of patients outside the split (none in a well-formed StudyData) are ignored.
            if (!features.TryGetValue(course.PatientId, out var f)) continue;
            if (!cells.TryGetValue(course.FirstRegimen, out var cell)) cells[course.FirstRegimen] = cell = [];
            cell.Add(new Example(f, course));
        }
        return cells;
    }

    private static bool Label(Example e, string outcome) => outcome == Outcomes.Response ? e.Course.ObjectiveResponse : e.Course.SevereToxicity;

    private static OutcomeModel TrainCell(MLContext ml, string regimen, string outcome, List<Example> train, List<Example> validation,
        SupervisedBaselineOptions options, int seed)
    {
        var labels = train.Select(e => Label(e, outcome)).ToList();
        var events = labels.Count(l => l);
        var baseRate = (events + 1.0) / (labels.Count + 2.0);
        if (Math.Min(events, labels.Count - events) < options.MinimumPerClass)
            return new OutcomeModel(new OutcomeModelState
            {
                Regimen = regimen, Outcome = outcome, Kind = OutcomeModelState.BaseRateKind, BaseRate = baseRate,
                TrainingPatients = labels.Count, TrainingEvents = events,
            }, null);

        var table = new FeatureTable(train.Select(e => e.Features).ToList(), labels);
        var sweep = CrossValidationSweep.Run(ml, table, options.Candidates, options.Folds, seed);
        if (!sweep.BeatsBaseRate)
            return new OutcomeModel(new OutcomeModelState
            {
                Regimen = regimen, Outcome = outcome, Kind = OutcomeModelState.BaseRateKind, BaseRate = baseRate,
                TrainingPatients = labels.Count, TrainingEvents = events, CrossValidation = [.. sweep.Scores, sweep.BaseRate],
            }, null);
        var predictor = sweep.Chosen.Create(ml, seed).Fit(table.ToDataView(ml));

        var calibrator = PlattScaling.Identity;
        int calibrationPatients = 0;
        double brierBefore = double.NaN, brierAfter = double.NaN;
        if (validation.Count > 0)
        {
            var vLabels = validation.Select(e => Label(e, outcome)).ToList();
            var raw = FeatureTable.Probabilities(predictor, FeatureTable.ToDataView(ml, validation.Select(e => e.Features).ToList(), table.Size));
            var vEvents = vLabels.Count(l => l);
            if (validation.Count >= options.MinimumCalibrationPatients && vEvents > 0 && vEvents < validation.Count)
            {
                calibrator = PlattScaling.Fit(raw, vLabels);
                calibrationPatients = validation.Count;
            }
            brierBefore = BinaryScores.Brier(raw, vLabels);
            brierAfter = BinaryScores.Brier(raw.Select(calibrator.Apply).ToList(), vLabels);
        }
        return new OutcomeModel(new OutcomeModelState
        {
            Regimen = regimen, Outcome = outcome, Kind = OutcomeModelState.Classifier, Trainer = sweep.Chosen.Name,
            Hyperparameters = sweep.Chosen.Hyperparameters, Entry = $"predictors/{regimen}.{outcome}.zip", BaseRate = baseRate,
            TrainingPatients = labels.Count, TrainingEvents = events, CalibratorA = calibrator.A, CalibratorB = calibrator.B,
            CalibrationPatients = calibrationPatients, ValidationBrierUncalibrated = brierBefore, ValidationBrierCalibrated = brierAfter,
            CrossValidation = [.. sweep.Scores, sweep.BaseRate],
        }, predictor);
    }

    /// <summary>SHA-256 over the training records and courses (JSON lines, split order).</summary>
    public static string TrainingDataHash(StudyData data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var p in data.Train)
        {
            hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(p.Observed, DtSmdrlJson.Options));
            hash.AppendData("\n"u8);
        }
        foreach (var c in data.TrainCourses)
        {
            hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(c, DtSmdrlJson.Options));
            hash.AppendData("\n"u8);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static SortedDictionary<string, string> WithTrainerPackages(IReadOnlyDictionary<string, string> versions)
    {
        var all = new SortedDictionary<string, string>(versions.ToDictionary(v => v.Key, v => v.Value), StringComparer.Ordinal);
        all["Microsoft.ML.FastTree"] = Version(typeof(Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer).Assembly);
        all["Microsoft.ML.LightGbm"] = Version(typeof(Microsoft.ML.Trainers.LightGbm.LightGbmBinaryTrainer).Assembly);
        return all;
    }

    private static string Version(System.Reflection.Assembly assembly) =>
        System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(assembly)?.InformationalVersion.Split('+')[0]
        ?? assembly.GetName().Version?.ToString() ?? "unknown";

    private static JsonObject Metrics(IReadOnlyList<OutcomeModel> models, int trainPatients, int featureSize, double seconds)
    {
        var cells = new JsonArray();
        foreach (var m in models)
        {
            var s = m.State;
            cells.Add(new JsonObject
            {
                ["regimen"] = s.Regimen, ["outcome"] = s.Outcome, ["kind"] = s.Kind, ["trainer"] = s.Trainer,
                ["training_patients"] = s.TrainingPatients, ["training_events"] = s.TrainingEvents,
                ["calibration_patients"] = s.CalibrationPatients,
                ["validation_brier_uncalibrated"] = Number(s.ValidationBrierUncalibrated),
                ["validation_brier_calibrated"] = Number(s.ValidationBrierCalibrated),
                ["cross_validation"] = new JsonArray(s.CrossValidation.Select(c => (JsonNode)new JsonObject
                {
                    ["trainer"] = c.Candidate, ["auc"] = Number(c.Auc), ["brier"] = Number(c.Brier), ["seconds"] = Number(c.Seconds),
                }).ToArray()),
            });
        }
        return new JsonObject
        {
            ["training_patients"] = trainPatients, ["feature_size"] = featureSize, ["fit_seconds"] = seconds, ["cells"] = cells,
        };
    }

    // The manifest is plain JSON: NaN (undefined AUC, no validation data) is written as null.
    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
