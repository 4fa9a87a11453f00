using System.Diagnostics;
using DtSmdrl.Pipeline.Baselines.Supervised;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Evaluation.Uncertainty;
using DtSmdrl.Pipeline.Fusion;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Plugins.BuiltIn.Explainers.Models;
using DtSmdrl.Plugins.Contracts.Explainers;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Plugins.BuiltIn.Explainers.Evaluation;

/// <summary>
/// Measures the built-in explainers against the cohort generator's ground truth (metrics.md "Learning metrics"):
/// <list type="number">
/// <item>Per seed, trains the supervised baseline (quick trainer grid) and a fusion transformer on the cohort's
/// retrospective courses, and wraps both as <see cref="ExplainableModel"/>s over the 50 <see cref="PatientBiomarkers"/>.</item>
/// <item>Global importance per regimen's response probability over the explained test patients, by every explainer
/// that supports the model; driver recovery per regimen against the regimen's true response drivers (union over its
/// drug classes), and attribution consistency as the mean pairwise Spearman correlation across seeds.</item>
/// <item>Per patient: the recommendation (highest benefit-risk; for the supervised model its own supported choice)
/// explained as benefit-risk of the chosen regimen minus that of the best alternative; time per explanation and
/// completeness gap.</item>
/// <item>Calibration (first seed): response probabilities of the regimen each validation/test patient was given, against
/// the retrospective response, before and after temperature scaling and isotonic regression fitted on validation.</item>
/// </list>
/// </summary>
public static class ExplainerEvaluation
{
    public const string SupervisedName = "Supervised Model";
    public const string FusionName = "Fusion transformer";

    public static ExplainerEvaluationResult Run(StudyCohort cohort, ExplainerEvaluationOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var data = cohort.TrainingData();
        var test = cohort.InSplit(CohortSplit.Test);
        if (test.Count < options.ExplainedPatients)
            throw new ArgumentException($"The cohort's test split has {test.Count} patients; {options.ExplainedPatients} are to be explained.");
        if (data.Train.Count < options.BackgroundPatients)
            throw new ArgumentException($"The cohort's training split has {data.Train.Count} patients; the background needs {options.BackgroundPatients}.");
        var explained = test.Take(options.ExplainedPatients).ToList();
        var ids = explained.Select(p => p.Id).ToList();
        var rows = explained.Select(p => PatientBiomarkers.Values(PatientDataView.ToRow(p.Observed))).ToList();
        var step = data.Train.Count / options.BackgroundPatients;
        var background = Enumerable.Range(0, options.BackgroundPatients)
            .Select(k => PatientBiomarkers.Values(PatientDataView.ToRow(data.Train[k * step].Observed))).ToList();
        var contexts = explained.ToDictionary(p => p.Id, p => p.Observed, StringComparer.Ordinal);
        var trainingCourses = data.TrainCourses.ToDictionary(c => c.PatientId, StringComparer.Ordinal);
        var training = data.Train.Where(p => trainingCourses.ContainsKey(p.Id))
            .Select(p => (p.Observed, trainingCourses[p.Id].FirstRegimen, trainingCourses[p.Id].ObjectiveResponse)).ToList();

        IPatientExplainer[] patientExplainers = [new KernelShapExplainer(), new IntegratedGradientsExplainer(), new ModalityAttentionExplainer()];
        IGlobalExplainer[] globalExplainers = [new KernelShapExplainer(), new IntegratedGradientsExplainer(), new MlNetPermutationImportanceExplainer(), new ModalityAttentionExplainer()];

        var rankings = new Dictionary<(string Explainer, string Model), List<IReadOnlyList<GlobalImportance>>>();
        var rankingSeconds = new Dictionary<(string Explainer, string Model), List<double>>();
        var recoveries = new List<RegimenRecovery>();
        var explanations = new List<(string Model, PatientExplanation Explanation)>();
        var calibration = new List<CalibrationResult>();
        IReadOnlyList<string> regimens = [];
        for (var s = 0; s < options.Seeds; s++)
        {
            var seed = options.Seed + s;
            progress?.Report($"seed {seed}: training the supervised baseline");
            var supervised = SupervisedBaselineTrainer.Train(data, seed, new SupervisedBaselineOptions { Candidates = TrainerCandidate.QuickGrid });
            if (s == 0) regimens = supervised.Regimens;
            else if (!supervised.Regimens.SequenceEqual(regimens))
                throw new InvalidOperationException($"Seed {seed} modelled regimens {string.Join(", ", supervised.Regimens)}, seed {options.Seed} {string.Join(", ", regimens)}.");
            progress?.Report($"seed {seed}: training the fusion transformer");
            using var fusion = CohortFusionModel.Train(data, regimens,
                new FusionOptions { Seed = seed, Epochs = options.FusionEpochs, EarlyStoppingPatience = 4, BatchSize = 64 });

            var models = new (string Name, ExplainableModel Model, IReadOnlyList<string> Chosen)[]
            {
                (SupervisedName, SupervisedExplainableModel.Create(supervised, $"{SupervisedName} (seed {seed})", contexts,
                    SupervisedExplainableModel.PermutationData(supervised, training)), supervised.Predict(explained.Select(p => p.Observed)).Select(p => p.ChosenRegimen).ToList()),
                (FusionName, fusion.AsExplainable($"{FusionName} (seed {seed})"), []),
            };
            var explainerOptions = new ExplainerOptions(seed, options.Samples, options.Steps, options.Permutations, options.Bootstrap);
            var responseOutputs = Enumerable.Range(0, regimens.Count).Select(SupervisedExplainableModel.ResponseOutput).ToList();
            foreach (var (name, model, chosen) in models)
            {
                foreach (var explainer in globalExplainers.Where(e => e.Supports(model, out _)))
                {
                    progress?.Report($"seed {seed}: {explainer.Name} on {name} (global)");
                    var rankClock = Stopwatch.StartNew();
                    var ranking = explainer.Rank(new GlobalExplanationRequest(model, ids, rows, responseOutputs, background, explainerOptions));
                    var key = (explainer.Name, name);
                    if (!rankings.TryGetValue(key, out var list)) rankings[key] = list = [];
                    list.Add(ranking);
                    if (!rankingSeconds.TryGetValue(key, out var times)) rankingSeconds[key] = times = [];
                    times.Add(rankClock.Elapsed.TotalSeconds);
                    if (explainer is ModalityAttentionExplainer) continue;
                    for (var k = 0; k < regimens.Count; k++)
                    {
                        var drivers = PatientBiomarkers.ResponseDrivers(regimens[k], cohort.Manifest.ResponseDrivers);
                        recoveries.Add(new RegimenRecovery(explainer.Name, name, seed, regimens[k],
                            AttributionMetrics.DriverRecovery(ranking[k].ByFeature(), drivers), drivers,
                            ranking[k].Ranked.Take(drivers.Count + 2).Select(f => f.Feature).ToList()));
                    }
                }
                var targets = Targets(model, rows, ids, regimens, chosen);
                foreach (var explainer in patientExplainers.Where(e => e.Supports(model, out _)))
                {
                    progress?.Report($"seed {seed}: {explainer.Name} on {name} (per patient)");
                    var request = new ExplanationRequest(model, ids.Select((id, i) => new PatientToExplain(id, rows[i], targets[i])).ToList(), background, explainerOptions);
                    explanations.AddRange(explainer.Explain(request).Select(e => (name, e)));
                }
            }
            if (s == 0)
            {
                progress?.Report($"seed {seed}: calibration");
                calibration.AddRange(Calibrate(cohort, data, supervised, fusion, options.McPasses, seed));
            }
        }
        return new ExplainerEvaluationResult(Scores(rankings, rankingSeconds, recoveries, explanations), recoveries, explanations, calibration, regimens, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Per patient: benefit-risk of the chosen regimen minus that of the best alternative. The chosen regimen is the
    /// model's own recommendation when given (supervised: highest benefit-risk among regimens supported for the
    /// patient's biomarker group), else the highest benefit-risk.
    /// </summary>
    private static List<ExplanationTarget> Targets(ExplainableModel model, List<double[]> rows, List<string> ids, IReadOnlyList<string> regimens,
        IReadOnlyList<string> chosen)
    {
        var r = regimens.Count;
        return rows.Select((row, i) =>
        {
            var benefit = model.Predict(ids[i], [row])[0].Skip(r).Take(r).ToArray();
            var best = chosen.Count > 0 ? regimens.ToList().IndexOf(chosen[i]) : Array.IndexOf(benefit, benefit.Max());
            var alternative = Enumerable.Range(0, r).Where(k => k != best).OrderByDescending(k => benefit[k]).First();
            return new ExplanationTarget(SupervisedExplainableModel.BenefitRiskOutput(best, r), SupervisedExplainableModel.BenefitRiskOutput(alternative, r));
        }).ToList();
    }

    private static List<ExplainerScore> Scores(Dictionary<(string Explainer, string Model), List<IReadOnlyList<GlobalImportance>>> rankings,
        Dictionary<(string Explainer, string Model), List<double>> rankingSeconds, List<RegimenRecovery> recoveries, List<(string Model, PatientExplanation Explanation)> explanations)
    {
        var scores = new List<ExplainerScore>();
        foreach (var ((explainer, model), perSeed) in rankings)
        {
            var regimenCount = perSeed[0].Count;
            var consistencies = new List<double>();
            for (var k = 0; k < regimenCount; k++)
            {
                // Same feature order in every seed: sort by name.
                var vectors = perSeed.Select(seed => (IReadOnlyList<double>)seed[k].Ranked.OrderBy(f => f.Feature, StringComparer.Ordinal).Select(f => f.Importance).ToArray()).ToList();
                var rho = AttributionMetrics.AttributionConsistency(vectors);
                if (!double.IsNaN(rho)) consistencies.Add(rho);
            }
            var recovery = recoveries.Where(r => r.Explainer == explainer && r.Model == model).Select(r => r.DriverRecovery).ToList();
            var own = explanations.Where(e => e.Model == model && e.Explanation.Method == explainer).Select(e => e.Explanation).ToList();
            var gaps = own.Where(e => !double.IsNaN(e.CompletenessGap)).Select(e => Math.Abs(e.CompletenessGap)).ToList();
            scores.Add(new ExplainerScore(explainer, model,
                recovery.Count == 0 ? double.NaN : recovery.Average(),
                consistencies.Count == 0 ? double.NaN : consistencies.Average(),
                own.Count == 0 ? double.NaN : own.Average(e => e.Seconds),
                rankingSeconds[(explainer, model)].Average(),
                gaps.Count == 0 ? double.NaN : gaps.Average()));
        }
        return scores;
    }

    private static List<CalibrationResult> Calibrate(StudyCohort cohort, StudyData data, SupervisedBaselineModel supervised, CohortFusionModel fusion, int mcPasses, int seed)
    {
        var regimens = supervised.Regimens.ToList();
        var courses = cohort.Courses.ToDictionary(c => c.PatientId, StringComparer.Ordinal);
        List<(StudyPatient Patient, int Regimen, bool Response)> Labelled(IEnumerable<StudyPatient> patients) => patients
            .Where(p => courses.TryGetValue(p.Id, out var c) && regimens.Contains(c.FirstRegimen))
            .Select(p => (p, regimens.IndexOf(courses[p.Id].FirstRegimen), courses[p.Id].ObjectiveResponse)).ToList();
        var validation = Labelled(data.Validation);
        var test = Labelled(cohort.InSplit(CohortSplit.Test));

        var ml = new MLContext(seed);
        (double[] Raw, double[] Platt) Supervised(List<(StudyPatient Patient, int Regimen, bool Response)> set)
        {
            var features = supervised.Featurizer.Transform(PatientDataView.Create(ml, set.Select(x => x.Patient.Observed)))
                .GetColumn<float[]>(Pipeline.Preprocessing.PatientFeaturizer.Features).ToList();
            var view = FeatureTable.ToDataView(ml, features, supervised.FeatureSize);
            var raw = new double[set.Count];
            var platt = new double[set.Count];
            for (var k = 0; k < regimens.Count; k++)
            {
                var model = supervised[regimens[k], Outcomes.Response];
                var uncalibrated = model.PredictUncalibrated(view, set.Count);
                var calibrated = model.Predict(view, set.Count);
                for (var i = 0; i < set.Count; i++)
                    if (set[i].Regimen == k) (raw[i], platt[i]) = (uncalibrated[i], calibrated[i]);
            }
            return (raw, platt);
        }
        double[] Fusion(List<(StudyPatient Patient, int Regimen, bool Response)> set, int passes)
        {
            var examples = CohortFusionModel.Examples(set.Select(x => x.Patient).ToList(), [], fusion.Regimens, fusion.Mean, fusion.Scale);
            var predictions = FusionPredictor.Predict(fusion.Model, examples, passes, mcSeed: seed);
            return predictions.Select((p, i) => (double)p.ResponseProbability[set[i].Regimen]).ToArray();
        }
        var validationOutcomes = validation.Select(x => x.Response).ToArray();
        var testOutcomes = test.Select(x => x.Response).ToArray();
        var (validationRaw, _) = Supervised(validation);
        var (testRaw, testPlatt) = Supervised(test);
        var results = new List<CalibrationResult>();
        results.AddRange(CalibrationComparison.Run($"{SupervisedName} (trainer probabilities)", validationRaw, validationOutcomes, testRaw, testOutcomes));
        results.Add(CalibrationComparison.Score($"{SupervisedName} (trainer probabilities)", "platt (shipped)", testPlatt, testOutcomes));
        results.AddRange(CalibrationComparison.Run($"{FusionName} (deterministic)", Fusion(validation, 0), validationOutcomes, Fusion(test, 0), testOutcomes));
        results.AddRange(CalibrationComparison.Run($"{FusionName} (MC dropout mean, {mcPasses} passes)", Fusion(validation, mcPasses), validationOutcomes,
            Fusion(test, mcPasses), testOutcomes));
        return results;
    }
}
