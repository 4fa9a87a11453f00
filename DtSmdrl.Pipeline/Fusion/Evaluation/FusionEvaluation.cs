using System.Diagnostics;
using DtSmdrl.Pipeline.Baselines.Supervised;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Evaluation.Progress;
using DtSmdrl.Pipeline.Fusion.MlNet;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;
using Microsoft.ML;

namespace DtSmdrl.Pipeline.Fusion.Evaluation;

/// <summary>
/// Held-out evaluation of the fusion transformer on a synthetic cohort, side by side with ML.NET LightGBM on the same inputs:
/// <list type="number">
/// <item>featurise (ML.NET, fitted on train), train two fusion models (with and without modality dropout) on train with early
/// stopping on validation, and LightGBM (binary per regimen and outcome, regression per latent);</item>
/// <item>on test: per regimen AUC and Brier of response and toxicity, and per latent the error of the twin prior (mean |z error|, CRPS),
/// with every modality and with each present modality removed with probability <see cref="FusionEvaluationOptions.RemovedModalityFraction"/>
/// (removed from the raw record, then featurised, so every model sees the same degraded input);</item>
/// <item>personalisation: the fusion prior against the population prior N(0, I) and the biomarker-conditioned <see cref="TwinPrior"/>
/// in z (CRPS, |z error|) and in parameter space (sample CRPS of log parameters of twins drawn with <see cref="FusionTwinPrior"/>);</item>
/// <item>training seconds per epoch and inference patients/s with and without MC dropout.</item>
/// </list>
/// </summary>
public static class FusionEvaluation
{
    public const string Fusion = "fusion";
    public const string FusionWithoutModalityDropout = "fusion-no-md";
    public const string LightGbm = "lightgbm";
    public const string BaseRate = "base-rate";
    public const string Population = "population";
    public const string Biomarker = "biomarker";
    public const string FusionWithMeasuredSld = "fusion+sld";

    /// <summary>What the run produced besides the report: the trained pipeline (caller disposes) and its test predictions.</summary>
    public sealed record Outcome(FusionEvaluationReport Report, FusionPipeline Pipeline, IReadOnlyList<StudyPatient> TestPatients, FusionPrediction[] TestPredictions);

    public static Outcome Run(StudyCohort cohort, FusionEvaluationOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var train = cohort.InSplit(CohortSplit.Train);
        var validation = cohort.InSplit(CohortSplit.Validation);
        var test = cohort.InSplit(CohortSplit.Test);
        if (train.Count == 0 || validation.Count == 0 || test.Count == 0)
            throw new ArgumentException($"The cohort needs train, validation and test patients (has {train.Count}, {validation.Count}, {test.Count}).");
        var targets = FusionCohortTargets.From(cohort);
        var regimens = FusionCohortTargets.Regimens;
        var latentCount = TwinPrior.LatentDimension;

        var ml = new MLContext(options.Seed);
        IDataView Raw(IReadOnlyList<StudyPatient> patients) => FusionCohortTargets.View(ml, patients, targets);
        var rawTrain = Raw(train);
        progress?.Report($"featurising: {train.Count} train, {validation.Count} validation, {test.Count} test patients");
        var featurizer = ml.DtSmdrl().FeaturizePatient(includeNote: false).Fit(rawTrain);
        var featTrain = ml.Data.Cache(featurizer.Transform(rawTrain));
        var featValidation = ml.Data.Cache(featurizer.Transform(Raw(validation)));

        var transformOptions = new FusionTransformerOptions
        {
            Model = options.Model with { Seed = options.Seed },
            McPasses = options.McPasses,
            McSeed = options.Seed,
        };
        FusionTransformerTransformer TrainFusion(string name, double modalityDropout)
        {
            progress?.Report($"{name}: training (modality dropout {modalityDropout})");
            var estimator = ml.DtSmdrl().FuseModalities(transformOptions with { Model = transformOptions.Model with { ModalityDropout = modalityDropout } });
            var log = new SynchronousProgress<FusionEpochLog>(e =>
                progress?.Report($"{name} epoch {e.Epoch,2}: train loss {e.TrainLoss:F4}, validation loss {e.ValidationLoss:F4} ({e.Seconds:F1} s)"));
            return estimator.Fit(featTrain, featValidation, log);
        }
        var fusion = TrainFusion(Fusion, options.Model.ModalityDropout);
        using var noDropout = TrainFusion(FusionWithoutModalityDropout, 0);
        var pipeline = new FusionPipeline(featurizer, fusion, PatientDataView.Create(ml, Array.Empty<PatientRecord>()).Schema);
        try
        {
            progress?.Report("lightgbm: training (binary per regimen and outcome, regression per latent)");
            var clock = Stopwatch.StartNew();
            var trainExamples = FusionSchema.ReadExamples(featTrain, transformOptions, withLabels: true, "training");
            var validationExamples = FusionSchema.ReadExamples(featValidation, transformOptions, withLabels: true, "validation");
            var lightGbm = LightGbmReference.Train(ml, trainExamples, validationExamples, options);
            var lightGbmSeconds = clock.Elapsed.TotalSeconds;

            var removalRng = new Random(options.Seed ^ 0x5eed);
            var degraded = test.Select(p => RemoveModalities(p.Observed, options.RemovedModalityFraction, removalRng)).ToList();
            var conditions = new (string Name, IReadOnlyList<PatientRecord> Records)[]
            {
                (FusionEvaluationReport.AllModalities, test.Select(p => p.Observed).ToList()),
                (FusionEvaluationReport.Removed, degraded),
            };
            var baseRates = BaseRates(train.Select(p => targets[p.Id]).ToList(), regimens.Count);
            var heads = new List<FusionHeadScore>();
            var latents = new List<FusionLatentScore>();
            var testTargets = test.Select(p => targets[p.Id]).ToList();
            var twinRng = new Random(options.Seed ^ 0x7a1);   // biomarker z[0] samples; the parameter-space twins have their own stream
            FusionPrediction[]? allPredictions = null;
            var parameters = new List<FusionParameterScore>();
            foreach (var (condition, records) in conditions)
            {
                progress?.Report($"test ({condition}): predicting {records.Count} patients");
                var featTest = featurizer.Transform(PatientDataView.Create(ml, records));
                var predictionsA = fusion.Predict(featTest);
                var predictionsB = noDropout.Predict(featTest);
                var examples = FusionSchema.ReadExamples(featTest, transformOptions, withLabels: false, "test");
                var lgbResponse = lightGbm.PredictResponse(examples);
                var lgbToxicity = lightGbm.PredictToxicity(examples);
                var lgbLatents = lightGbm.PredictLatents(examples);
                if (condition == FusionEvaluationReport.AllModalities)
                    allPredictions = predictionsA;

                void Score(string model, Func<int, int, double> response, Func<int, int, double> toxicity)
                {
                    for (var r = 0; r < regimens.Count; r++)
                    {
                        heads.Add(HeadScore(model, condition, "response", regimens[r], testTargets, i => testTargets[i].Response[r], i => response(i, r)));
                        heads.Add(HeadScore(model, condition, "toxicity", regimens[r], testTargets, i => testTargets[i].Toxicity[r], i => toxicity(i, r)));
                    }
                }
                Score(Fusion, (i, r) => predictionsA[i].ResponseProbability[r], (i, r) => predictionsA[i].ToxicityProbability[r]);
                Score(FusionWithoutModalityDropout, (i, r) => predictionsB[i].ResponseProbability[r], (i, r) => predictionsB[i].ToxicityProbability[r]);
                Score(LightGbm, (i, r) => lgbResponse[i][r], (i, r) => lgbToxicity[i][r]);
                Score(BaseRate, (i, r) => baseRates.Response[r], (i, r) => baseRates.Toxicity[r]);

                var biomarkerZ0 = records.Select(rec => BiomarkerZ0Samples(rec, new TwinPrior(), options.TwinSamples, twinRng)).ToList();
                var priorA = predictionsA.Select((p, i) => FusionTwinPrior.MeanAndSpread(p, test[i].Id)).ToArray();
                var priorB = predictionsB.Select((p, i) => FusionTwinPrior.MeanAndSpread(p, test[i].Id)).ToArray();
                for (var k = 0; k < latentCount; k++)
                {
                    var truth = test.Select(p => cohort.Truth[p.Id].LatentZ[k]).ToArray();
                    latents.Add(GaussianLatentScore(Fusion, condition, k, truth, i => (priorA[i].Mean[k], priorA[i].Spread[k])));
                    latents.Add(GaussianLatentScore(FusionWithoutModalityDropout, condition, k, truth, i => (priorB[i].Mean[k], priorB[i].Spread[k])));
                    latents.Add(GaussianLatentScore(LightGbm, condition, k, truth, i => (lgbLatents[i][k], lightGbm.LatentSd[k])));
                    latents.Add(GaussianLatentScore(Population, condition, k, truth, _ => (0.0, 1.0)));
                    latents.Add(k == 0
                        ? SampleLatentScore(Biomarker, condition, k, truth, i => biomarkerZ0[i])
                        : GaussianLatentScore(Biomarker, condition, k, truth, _ => (0.0, 1.0)));
                }
                if (condition == FusionEvaluationReport.AllModalities)
                    parameters = ParameterScores(test, predictionsA, cohort, options.TwinSamples, new Random(options.Seed ^ 0x9a7));
            }

            progress?.Report("timing inference on the test patients");
            var testExamples = FusionSchema.ReadExamples(featurizer.Transform(PatientDataView.Create(ml, test.Select(p => p.Observed).ToList())),
                transformOptions, withLabels: false, "timing");
            var timings = new[] { Timing(Fusion, fusion, testExamples, options), Timing(FusionWithoutModalityDropout, noDropout, testExamples, options) };
            var report = new FusionEvaluationReport(train.Count, validation.Count, test.Count, regimens, heads, latents, parameters, timings, lightGbmSeconds);
            return new Outcome(report, pipeline, test, allPredictions!);
        }
        catch
        {
            pipeline.Dispose();
            throw;
        }
    }

    /// <summary>Removes each present modality with probability <paramref name="fraction"/> (see <see cref="RecordPerturbation"/>).</summary>
    public static PatientRecord RemoveModalities(PatientRecord record, double fraction, Random rng) =>
        RecordPerturbation.RemoveModalities(record, fraction, rng);

    /// <summary>
    /// The biomarker-conditioned prior's z[0] in the population convention: TwinPrior reads a measured SLD as SLD + sd·N(0, 1)
    /// (clamped at 10 mm); the same SLD in population coordinates is ln(SLD / median) / sigma. Without imaging it is N(0, 1).
    /// </summary>
    private static double[] BiomarkerZ0Samples(PatientRecord record, TwinPrior prior, int count, Random rng)
    {
        var o = prior.Options;
        var lesions = record.Imaging?.LesionDiametersMm;
        var samples = new double[count];
        for (var s = 0; s < count; s++)
        {
            var noise = Twin.StandardNormal.Sample(rng);
            samples[s] = lesions is { Count: > 0 }
                ? Math.Log(Math.Max(lesions.Sum() + o.SldMeasurementSd * noise, 10.0) / o.SldMedian) / o.SldSigma
                : noise;
        }
        return samples;
    }

    private static FusionHeadScore HeadScore(string model, string condition, string head, string regimen, IReadOnlyList<FusionTargets> targets,
        Func<int, float> label, Func<int, double> probability)
    {
        var observed = Enumerable.Range(0, targets.Count).Where(i => !float.IsNaN(label(i))).ToList();
        var outcomes = observed.Select(i => label(i) == 1f).ToList();
        var probabilities = observed.Select(probability).ToList();
        return new FusionHeadScore(model, condition, head, regimen, observed.Count, outcomes.Count(o => o),
            observed.Count == 0 ? double.NaN : BinaryScores.Auc(probabilities, outcomes),
            observed.Count == 0 ? double.NaN : BinaryScores.Brier(probabilities, outcomes));
    }

    private static (double[] Response, double[] Toxicity) BaseRates(IReadOnlyList<FusionTargets> train, int regimens)
    {
        static double Rate(IEnumerable<float> values)
        {
            var observed = values.Where(v => !float.IsNaN(v)).ToList();
            return observed.Count == 0 ? 0.5 : observed.Average(v => (double)v);
        }
        return (Enumerable.Range(0, regimens).Select(r => Rate(train.Select(t => t.Response[r]))).ToArray(),
                Enumerable.Range(0, regimens).Select(r => Rate(train.Select(t => t.Toxicity[r]))).ToArray());
    }

    private static FusionLatentScore GaussianLatentScore(string prior, string condition, int k, double[] truth, Func<int, (double Mean, double Sd)> distribution)
    {
        double mae = 0, crps = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            var (mean, sd) = distribution(i);
            mae += Math.Abs(mean - truth[i]);
            crps += PriorScores.GaussianCrps(mean, sd, truth[i]);
        }
        return new FusionLatentScore(prior, condition, TwinPrior.LatentNames[k], truth.Length, mae / truth.Length, crps / truth.Length);
    }

    private static FusionLatentScore SampleLatentScore(string prior, string condition, int k, double[] truth, Func<int, double[]> samples)
    {
        double mae = 0, crps = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            var s = samples(i);
            crps += PriorScores.SampleCrps(s, truth[i]);   // sorts s
            mae += Math.Abs(s[s.Length / 2] - truth[i]);   // |median error|: the point the prior is centred on
        }
        return new FusionLatentScore(prior, condition, TwinPrior.LatentNames[k], truth.Length, mae / truth.Length, crps / truth.Length);
    }

    /// <summary>Quantities compared in parameter space, each on the log scale.</summary>
    private static readonly (string Name, Func<NsclcParameters, double> Value)[] Quantities =
    [
        ("log_V0", p => Math.Log(p.V0)), ("log_G", p => Math.Log(p.G)), ("log_ResistantFraction", p => Math.Log(p.ResistantFraction)),
        ("log_KC", p => Math.Log(p.KC)), ("log_KT", p => Math.Log(p.KT)), ("log_KI", p => Math.Log(p.KI)),
        ("log_Circ0", p => Math.Log(p.Circ0)), ("log_Slope", p => Math.Log(p.Slope)),
    ];

    private static List<FusionParameterScore> ParameterScores(IReadOnlyList<StudyPatient> test, FusionPrediction[] predictions, StudyCohort cohort, int count, Random rng)
    {
        var prior = new TwinPrior();
        var fusionPrior = new FusionTwinPrior(prior);
        var fusionWithSld = new FusionTwinPrior(prior, useMeasuredSld: true);
        var samplers = new (string Name, Func<int, NsclcParameters[]> Draw)[]
        {
            (Population, _ => Enumerable.Range(0, count).Select(_ => prior.SamplePopulation(rng)).ToArray()),
            (Biomarker, i => Enumerable.Range(0, count).Select(_ => prior.SampleConditional(prior.ObservedCovariates(test[i].Observed, rng, useMeasuredSld: true), rng)).ToArray()),
            (Fusion, i => fusionPrior.SampleTwins(test[i].Observed, predictions[i], count, rng)),
            (FusionWithMeasuredSld, i => fusionWithSld.SampleTwins(test[i].Observed, predictions[i], count, rng)),
        };
        var sums = new double[samplers.Length, Quantities.Length];
        for (var i = 0; i < test.Count; i++)
        {
            var truth = cohort.Truth[test[i].Id].Parameters;
            for (var s = 0; s < samplers.Length; s++)
            {
                var twins = samplers[s].Draw(i);
                for (var q = 0; q < Quantities.Length; q++)
                    sums[s, q] += PriorScores.SampleCrps(twins.Select(Quantities[q].Value).ToArray(), Quantities[q].Value(truth));
            }
        }
        var scores = new List<FusionParameterScore>();
        for (var s = 0; s < samplers.Length; s++)
            for (var q = 0; q < Quantities.Length; q++)
                scores.Add(new FusionParameterScore(samplers[s].Name, Quantities[q].Name, test.Count, sums[s, q] / test.Count));
        return scores;
    }

    private static FusionTiming Timing(string name, FusionTransformerTransformer fusion, IReadOnlyList<FusionExample> examples, FusionEvaluationOptions options)
    {
        var clock = Stopwatch.StartNew();
        FusionPredictor.Predict(fusion.Model, examples, mcPasses: 0);
        var deterministic = examples.Count / clock.Elapsed.TotalSeconds;
        clock.Restart();
        FusionPredictor.Predict(fusion.Model, examples, options.McPasses, mcSeed: options.Seed);
        var mc = examples.Count / clock.Elapsed.TotalSeconds;
        return new FusionTiming(name, fusion.TrainingLog.Count, fusion.BestEpoch, fusion.TrainingLog.Average(e => e.Seconds), examples.Count, deterministic, options.McPasses, mc);
    }
}
