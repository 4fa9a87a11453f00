using DtSmdrl.Pipeline.Twin.Inference;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace DtSmdrl.Pipeline.Twin.Prior;

/// <summary>
/// The learned prior fitted on one set of training patients: per latent a regression of the course-posterior mean on the
/// featurised baseline record, and a responder model trained on the posterior responder probabilities as soft labels
/// (each patient twice, label true with weight p and false with weight 1 - p). The predictive distribution of a new
/// patient is z_k ~ N(f_k(x), sd_k) with sd_k^2 = the out-of-fold mean squared error of f_k against the posterior means
/// plus the mean posterior variance (the posterior mean is itself uncertain about the true z); a latent whose model does
/// not beat the population prior N(0, 1) out of fold (mean posterior mean^2 + mean posterior variance) keeps N(0, 1).
/// The responder probability is Platt-calibrated on the out-of-fold predictions. Out of fold = inner K-fold inside this
/// model's own patients, so nothing here reads a patient outside the set it was fitted on; the linear learner's L2 is
/// chosen per target from <see cref="LearnedTwinPriorOptions.LinearL2Grid"/> by the same out-of-fold loss.
/// </summary>
public sealed class LatentPriorModel
{
    private const string FeaturesColumn = "Features";
    private readonly MLContext ml;
    private readonly int width;
    private readonly RawModels raw;

    private LatentPriorModel(MLContext ml, int width, RawModels raw, bool[] useModel, double[] sd, PlattCalibrator calibrator)
    {
        this.ml = ml;
        this.width = width;
        this.raw = raw;
        UsesModel = useModel;
        Sd = sd;
        Calibrator = calibrator;
    }

    /// <summary>Per latent: whether the regression is used (false: the population N(0, 1)).</summary>
    public IReadOnlyList<bool> UsesModel { get; }

    /// <summary>Per latent predictive standard deviation.</summary>
    public IReadOnlyList<double> Sd { get; }

    /// <summary>Calibration of the responder probability.</summary>
    public PlattCalibrator Calibrator { get; }

    /// <summary>Fits the model on <paramref name="rows"/> (deterministic for the seed).</summary>
    public static LatentPriorModel Fit(IReadOnlyList<PriorTrainingRow> rows, LearnedTwinPriorOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        if (rows.Count < 2 * options.InnerFolds)
        {
            throw new ArgumentException($"The learned twin prior needs at least {2 * options.InnerFolds} training patients with a course, got {rows.Count}.");
        }

        var width = rows[0].Features.Length;
        var ml = new MLContext(seed);
        var d = TwinPrior.LatentDimension;
        var latents = new ITransformer[d];
        var oofLatent = new double[d][];
        for (var k = 0; k < d; k++)
        {
            var target = k;
            (latents[k], oofLatent[k]) = FitTarget(ml, rows, width, options, seed,
                (subset, l2) => Regressor(ml, options, seed, l2).Fit(View(ml, subset.Select(r => new Row { Features = r.Features, Value = (float)r.Posterior.Mean[target], Weight = 1 }), width)),
                (model, data) => model.Transform(data).GetColumn<float>("Score").Select(v => (double)v).ToArray(),
                (predicted, r) => Math.Pow(predicted - r.Posterior.Mean[target], 2));
        }

        // Soft labels: each patient once as a responder with weight p and once as a non-responder with weight 1 - p.
        var (responder, oofResponder) = FitTarget(ml, rows, width, options, seed,
            (subset, l2) => Classifier(ml, options, seed, l2).Fit(View(ml, subset.SelectMany(r => new[]
            {
                new Row { Features = r.Features, Label = true, Weight = (float)r.Posterior.ResponderProbability },
                new Row { Features = r.Features, Label = false, Weight = (float)(1 - r.Posterior.ResponderProbability) },
            }), width)),
            (model, data) => model.Transform(data).GetColumn<float>("Probability").Select(v => (double)v).ToArray(),
            (predicted, r) => CrossEntropy(predicted, r.Posterior.ResponderProbability));

        var useModel = new bool[d];
        var sd = new double[d];
        for (var k = 0; k < d; k++)
        {
            var posteriorVariance = rows.Average(r => r.Posterior.Sd[k] * r.Posterior.Sd[k]);
            var modelVariance = rows.Select((r, i) => Math.Pow(oofLatent[k][i] - r.Posterior.Mean[k], 2)).Average() + posteriorVariance;
            var populationVariance = rows.Average(r => r.Posterior.Mean[k] * r.Posterior.Mean[k]) + posteriorVariance;
            useModel[k] = modelVariance < populationVariance;
            sd[k] = useModel[k] ? Math.Max(Math.Sqrt(modelVariance), 1e-3) : 1.0;
        }

        var calibrator = PlattCalibrator.Fit(oofResponder, rows.Select(r => r.Posterior.ResponderProbability).ToList());
        return new LatentPriorModel(ml, width, new RawModels(latents, responder), useModel, sd, calibrator);
    }

    /// <summary>The predictive latent prior of each patient, in input order.</summary>
    public IReadOnlyList<GaussianLatentPrior> Predict(IReadOnlyList<float[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0)
        {
            return [];
        }

        var (latent, responder) = raw.Predict(ml, features, width);
        return features.Select((_, i) =>
        {
            var mean = latent[i].Select((m, k) => UsesModel[k] ? m : 0.0).ToArray();
            var p = Math.Clamp(Calibrator.Apply(responder[i]), 1e-4, 1 - 1e-4);
            return new GaussianLatentPrior(mean, Sd.ToArray(), p);
        }).ToList();
    }

    /// <summary>
    /// One target's model: for each regularisation candidate (the linear learner's L2 grid; LightGBM has one setting) the
    /// inner K-fold out-of-fold predictions; the candidate with the lowest out-of-fold loss is refitted on all rows.
    /// Returns that model and its out-of-fold predictions.
    /// </summary>
    private static (ITransformer Model, double[] OutOfFold) FitTarget(MLContext ml, IReadOnlyList<PriorTrainingRow> rows, int width,
        LearnedTwinPriorOptions options, int seed, Func<IReadOnlyList<PriorTrainingRow>, float, ITransformer> fit,
        Func<ITransformer, IDataView, double[]> predict, Func<double, PriorTrainingRow, double> loss)
    {
        var candidates = options.Model == PriorModelKind.Linear ? options.LinearL2Grid : [0f];
        double[]? best = null;
        var bestLoss = double.PositiveInfinity;
        var bestL2 = candidates[0];
        foreach (var l2 in candidates)
        {
            var oof = new double[rows.Count];
            for (var fold = 0; fold < options.InnerFolds; fold++)
            {
                var inFold = Enumerable.Range(0, rows.Count).Where(i => i % options.InnerFolds == fold).ToArray();
                var rest = Enumerable.Range(0, rows.Count).Where(i => i % options.InnerFolds != fold).Select(i => rows[i]).ToList();
                var predicted = predict(fit(rest, l2), View(ml, inFold.Select(i => new Row { Features = rows[i].Features, Weight = 1 }), width));
                for (var j = 0; j < inFold.Length; j++)
                {
                    oof[inFold[j]] = predicted[j];
                }
            }

            var total = rows.Select((r, i) => loss(oof[i], r)).Average();
            if (total < bestLoss)
            {
                (best, bestLoss, bestL2) = (oof, total, l2);
            }
        }

        return (fit(rows, bestL2), best!);
    }

    private static double CrossEntropy(double predicted, double target)
    {
        var p = Math.Clamp(predicted, 1e-6, 1 - 1e-6);
        return -(target * Math.Log(p) + (1 - target) * Math.Log(1 - p));
    }

    private static IEstimator<ITransformer> Regressor(MLContext ml, LearnedTwinPriorOptions o, int seed, float l2) => o.Model switch
    {
        PriorModelKind.LightGbm => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            LabelColumnName = nameof(Row.Value), FeatureColumnName = FeaturesColumn, NumberOfIterations = o.LightGbmIterations,
            NumberOfLeaves = o.LightGbmLeaves, MinimumExampleCountPerLeaf = o.LightGbmMinLeaf, LearningRate = 0.05,
            NumberOfThreads = 1, Seed = seed, Silent = true,
        }),
        _ => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
        {
            LabelColumnName = nameof(Row.Value), FeatureColumnName = FeaturesColumn, L2Regularization = l2, L1Regularization = 0,
            NumberOfThreads = 1, MaximumNumberOfIterations = 200, Shuffle = false,
        }),
    };

    private static IEstimator<ITransformer> Classifier(MLContext ml, LearnedTwinPriorOptions o, int seed, float l2) => o.Model switch
    {
        PriorModelKind.LightGbm => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = nameof(Row.Label), FeatureColumnName = FeaturesColumn, ExampleWeightColumnName = nameof(Row.Weight),
            NumberOfIterations = o.LightGbmIterations, NumberOfLeaves = o.LightGbmLeaves, MinimumExampleCountPerLeaf = o.LightGbmMinLeaf,
            LearningRate = 0.05, NumberOfThreads = 1, Seed = seed, Silent = true,
        }),
        _ => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(Row.Label), FeatureColumnName = FeaturesColumn, ExampleWeightColumnName = nameof(Row.Weight),
            L2Regularization = l2, L1Regularization = 0, NumberOfThreads = 1,
        }),
    };

    private static IDataView View(MLContext ml, IEnumerable<Row> rows, int width)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return ml.Data.LoadFromEnumerable(rows.ToList(), schema);
    }

    /// <summary>The uncalibrated regressions and responder model of one training set.</summary>
    private sealed class RawModels(ITransformer[] latents, ITransformer responder)
    {
        public (double[][] Latent, double[] Responder) Predict(MLContext ml, IReadOnlyList<float[]> features, int width)
        {
            var data = View(ml, features.Select(f => new Row { Features = f, Weight = 1 }), width);
            var columns = latents.Select(m => m.Transform(data).GetColumn<float>("Score").ToArray()).ToArray();
            var latent = Enumerable.Range(0, features.Count).Select(i => columns.Select(c => (double)c[i]).ToArray()).ToArray();
            var responderProbability = responder.Transform(data).GetColumn<float>("Probability").Select(p => (double)p).ToArray();
            return (latent, responderProbability);
        }
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
        public float Value { get; set; }
        public float Weight { get; set; }
    }
}
