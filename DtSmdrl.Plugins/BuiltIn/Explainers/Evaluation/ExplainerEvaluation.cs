using System.Diagnostics;
using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Baselines.Supervised;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Evaluation.Uncertainty;
using DtSmdrl.Pipeline.Fusion;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Torch;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;
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
    public const string PolicyName = "PPO policy (twin + DRL)";

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

        // The policy sees the patient context; its decision-time twin state comes from one twin of the patient's
        // conditioned prior (the same draw for every seed).
        var actions = new TwinEnvironmentOptions().Simulation.Actions;
        var policyRows = explained.Select(p => PatientContext.Features(p.Observed).Select(v => (double)v).ToArray()).ToList();
        var policyBackground = Enumerable.Range(0, options.BackgroundPatients)
            .Select(k => PatientContext.Features(data.Train[k * step].Observed).Select(v => (double)v).ToArray()).ToList();
        var decisionState = PolicyExplainableModel.DecisionStates(explained, new TwinEnvironmentOptions(), options.Seed);

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
            progress?.Report($"seed {seed}: training the PPO policy ({options.PolicySteps} steps)");
            using var ppo = TrainPolicy(data, seed, options.PolicySteps, actions);

            var responseOutputs = Enumerable.Range(0, regimens.Count).Select(SupervisedExplainableModel.ResponseOutput).ToList();
            var supervisedModel = SupervisedExplainableModel.Create(supervised, $"{SupervisedName} (seed {seed})", contexts,
                SupervisedExplainableModel.PermutationData(supervised, training));
            var fusionModel = fusion.AsExplainable($"{FusionName} (seed {seed})");
            var policyModel = PolicyExplainableModel.Create(ppo.Policy, actions, $"{PolicyName} (seed {seed})", decisionState);
            var actionOutputs = Enumerable.Range(0, actions.Count).Where(a => actions[a].Name != "hold").ToList();
            var subjects = new[]
            {
                new Subject(SupervisedName, supervisedModel, rows, background, responseOutputs, regimens,
                    SupervisedTargets(supervised.Predict(explained.Select(p => p.Observed)), regimens)),
                new Subject(FusionName, fusionModel, rows, background, responseOutputs, regimens,
                    BestVersusAlternative(fusionModel, ids, rows, Enumerable.Range(0, regimens.Count).Select(k => SupervisedExplainableModel.BenefitRiskOutput(k, regimens.Count)).ToList())),
                new Subject(PolicyName, policyModel, policyRows, policyBackground, actionOutputs, actionOutputs.Select(a => actions[a].Name).ToList(),
                    BestVersusAlternative(policyModel, ids, policyRows, Enumerable.Range(0, actions.Count).ToList())),
            };
            var explainerOptions = new ExplainerOptions(seed, options.Samples, options.Steps, options.Permutations, options.Bootstrap);
            foreach (var subject in subjects)
            {
                var model = subject.Model;
                var seen = model.Features.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var explainer in globalExplainers.Where(e => e.Supports(model, out _)))
                {
                    progress?.Report($"seed {seed}: {explainer.Name} on {subject.Name} (global)");
                    var rankClock = Stopwatch.StartNew();
                    var ranking = explainer.Rank(new GlobalExplanationRequest(model, ids, subject.Rows, subject.Outputs, subject.Background, explainerOptions));
                    var key = (explainer.Name, subject.Name);
                    if (!rankings.TryGetValue(key, out var list)) rankings[key] = list = [];
                    list.Add(ranking);
                    if (!rankingSeconds.TryGetValue(key, out var times)) rankingSeconds[key] = times = [];
                    times.Add(rankClock.Elapsed.TotalSeconds);
                    if (explainer is ModalityAttentionExplainer) continue;
                    for (var k = 0; k < subject.Outputs.Count; k++)
                    {
                        // Drivers the model cannot see (the policy's context has 19 of the 50 biomarkers) are left out.
                        var drivers = PatientBiomarkers.ResponseDrivers(subject.OutputRegimens[k], cohort.Manifest.ResponseDrivers).Where(seen.Contains).ToList();
                        if (drivers.Count == 0) continue;
                        var constant = ranking[k].Ranked.All(f => f.Importance == 0);
                        recoveries.Add(new RegimenRecovery(explainer.Name, subject.Name, seed, subject.OutputRegimens[k],
                            AttributionMetrics.DriverRecovery(ranking[k].ByFeature(), drivers), drivers,
                            ranking[k].Ranked.Take(drivers.Count + 2).Select(f => f.Feature).ToList(), constant));
                    }
                }
                foreach (var explainer in patientExplainers.Where(e => e.Supports(model, out _)))
                {
                    progress?.Report($"seed {seed}: {explainer.Name} on {subject.Name} (per patient)");
                    var request = new ExplanationRequest(model, ids.Select((id, i) => new PatientToExplain(id, subject.Rows[i], subject.Targets[i])).ToList(),
                        subject.Background, explainerOptions);
                    explanations.AddRange(explainer.Explain(request).Select(e => (subject.Name, e)));
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

    /// <summary>One model under evaluation: its rows, background, the outputs ranked per regimen and the per-patient targets.</summary>
    private sealed record Subject(string Name, ExplainableModel Model, List<double[]> Rows, List<double[]> Background, IReadOnlyList<int> Outputs,
        IReadOnlyList<string> OutputRegimens, List<ExplanationTarget> Targets);

    /// <summary>
    /// The supervised model's own recommendation (highest benefit-risk among regimens supported for the patient's
    /// biomarker group) against the best alternative it could have chosen (the next highest benefit-risk among the
    /// supported ones; among all when no other is supported).
    /// </summary>
    private static List<ExplanationTarget> SupervisedTargets(IReadOnlyList<PatientPrediction> predictions, IReadOnlyList<string> regimens)
    {
        var r = regimens.Count;
        return predictions.Select(p =>
        {
            var chosen = regimens.ToList().IndexOf(p.ChosenRegimen);
            var others = p.Regimens.Select((x, k) => (x, k)).Where(t => t.k != chosen).ToList();
            var eligible = others.Any(t => t.x.Supported) ? others.Where(t => t.x.Supported).ToList() : others;
            var alternative = eligible.OrderByDescending(t => t.x.BenefitRisk).First().k;
            return new ExplanationTarget(SupervisedExplainableModel.BenefitRiskOutput(chosen, r), SupervisedExplainableModel.BenefitRiskOutput(alternative, r));
        }).ToList();
    }

    /// <summary>Per patient: the highest-scoring of <paramref name="scores"/> minus the second highest.</summary>
    private static List<ExplanationTarget> BestVersusAlternative(ExplainableModel model, List<string> ids, List<double[]> rows, IReadOnlyList<int> scores) =>
        rows.Select((row, i) =>
        {
            var outputs = model.Predict(ids[i], [row])[0];
            var ranked = scores.OrderByDescending(o => outputs[o]).ToList();
            return new ExplanationTarget(ranked[0], ranked[1]);
        }).ToList();

    /// <summary>Personalised PPO as the "Digital Twin + DRL" arm trains it (twins from each training patient's conditioned prior, no cost constraint).</summary>
    private static Ppo TrainPolicy(StudyData data, int seed, int steps, ActionSet actions)
    {
        TorchSetup.Configure(seed, 1);
        var prior = new TwinPrior();
        var rng = new Random(seed);
        var twins = new List<NsclcParameters>();
        var contexts = new List<float[]>();
        foreach (var patient in data.Train)
        {
            var context = PatientContext.Features(patient.Observed);
            twins.AddRange(PatientContext.SampleTwins(patient.Observed, prior, 2, rng));
            contexts.AddRange([context, context]);
        }
        var env = new TwinVectorEnv(32, twins, contexts, new TwinEnvironmentOptions());
        if (env.ActionCount != actions.Count)
            throw new InvalidOperationException($"The twin environment has {env.ActionCount} actions, the action set {actions.Count}.");
        var ppo = new Ppo(env, new PpoOptions { TotalSteps = steps, Seed = seed, UseCostConstraint = false });
        ppo.Train();
        return ppo;
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
            // A constant output (e.g. a base-rate model) ranks by name only; it is reported but not averaged.
            var recovery = recoveries.Where(r => r.Explainer == explainer && r.Model == model && !r.ConstantModel).Select(r => r.DriverRecovery).ToList();
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
