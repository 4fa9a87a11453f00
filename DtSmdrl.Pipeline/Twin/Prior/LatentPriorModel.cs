using DtSmdrl.Pipeline.Twin.Calibration;
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
/// model's own patients, so nothing here reads a patient outside the set it was fitted on.
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
        var full = RawModels.Fit(ml, rows, width, options, seed);
        var d = TwinPrior.LatentDimension;
        var oofLatent = new double[rows.Count][];
        var oofResponder = new double[rows.Count];
        for (var fold = 0; fold < options.InnerFolds; fold++)
        {
            var inFold = Enumerable.Range(0, rows.Count).Where(i => i % options.InnerFolds == fold).ToArray();
            var rest = Enumerable.Range(0, rows.Count).Where(i => i % options.InnerFolds != fold).Select(i => rows[i]).ToList();
            var models = RawModels.Fit(ml, rest, width, options, seed + 1 + fold);
            var (latent, responder) = models.Predict(ml, inFold.Select(i => rows[i].Features).ToList(), width);
            for (var j = 0; j < inFold.Length; j++)
            {
                oofLatent[inFold[j]] = latent[j];
                oofResponder[inFold[j]] = responder[j];
            }
        }

        var useModel = new bool[d];
        var sd = new double[d];
        for (var k = 0; k < d; k++)
        {
            var posteriorVariance = rows.Average(r => r.Posterior.Sd[k] * r.Posterior.Sd[k]);
            var modelVariance = rows.Select((r, i) => Math.Pow(oofLatent[i][k] - r.Posterior.Mean[k], 2)).Average() + posteriorVariance;
            var populationVariance = rows.Average(r => r.Posterior.Mean[k] * r.Posterior.Mean[k]) + posteriorVariance;
            useModel[k] = modelVariance < populationVariance;
            sd[k] = useModel[k] ? Math.Max(Math.Sqrt(modelVariance), 1e-3) : 1.0;
        }

        var calibrator = PlattCalibrator.Fit(oofResponder, rows.Select(r => r.Posterior.ResponderProbability).ToList());
        return new LatentPriorModel(ml, width, full, useModel, sd, calibrator);
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

    /// <summary>The uncalibrated regressions and responder model of one training set.</summary>
    private sealed class RawModels(ITransformer[] latents, ITransformer responder)
    {
        public static RawModels Fit(MLContext ml, IReadOnlyList<PriorTrainingRow> rows, int width, LearnedTwinPriorOptions o, int seed)
        {
            var latents = new ITransformer[TwinPrior.LatentDimension];
            for (var k = 0; k < latents.Length; k++)
            {
                var data = View(ml, rows.Select(r => new Row { Features = r.Features, Value = (float)r.Posterior.Mean[k], Weight = 1 }), width);
                latents[k] = Regressor(ml, o, seed).Fit(data);
            }

            // Soft labels: each patient once as a responder with weight p and once as a non-responder with weight 1 - p.
            var soft = rows.SelectMany(r => new[]
            {
                new Row { Features = r.Features, Label = true, Weight = (float)r.Posterior.ResponderProbability },
                new Row { Features = r.Features, Label = false, Weight = (float)(1 - r.Posterior.ResponderProbability) },
            });
            var responder = Classifier(ml, o, seed).Fit(View(ml, soft, width));
            return new RawModels(latents, responder);
        }

        public (double[][] Latent, double[] Responder) Predict(MLContext ml, IReadOnlyList<float[]> features, int width)
        {
            var data = View(ml, features.Select(f => new Row { Features = f, Weight = 1 }), width);
            var columns = latents.Select(m => m.Transform(data).GetColumn<float>("Score").ToArray()).ToArray();
            var latent = Enumerable.Range(0, features.Count).Select(i => columns.Select(c => (double)c[i]).ToArray()).ToArray();
            var responderProbability = responder.Transform(data).GetColumn<float>("Probability").Select(p => (double)p).ToArray();
            return (latent, responderProbability);
        }

        private static IEstimator<ITransformer> Regressor(MLContext ml, LearnedTwinPriorOptions o, int seed) => o.Model switch
        {
            PriorModelKind.LightGbm => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            {
                LabelColumnName = nameof(Row.Value), FeatureColumnName = FeaturesColumn, NumberOfIterations = o.LightGbmIterations,
                NumberOfLeaves = o.LightGbmLeaves, MinimumExampleCountPerLeaf = o.LightGbmMinLeaf, LearningRate = 0.05,
                NumberOfThreads = 1, Seed = seed, Silent = true,
            }),
            _ => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
            {
                LabelColumnName = nameof(Row.Value), FeatureColumnName = FeaturesColumn, L2Regularization = o.LinearL2, L1Regularization = 0,
                NumberOfThreads = 1, MaximumNumberOfIterations = 200, Shuffle = false,
            }),
        };

        private static IEstimator<ITransformer> Classifier(MLContext ml, LearnedTwinPriorOptions o, int seed) => o.Model switch
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
                L2Regularization = o.LinearL2, L1Regularization = 0, NumberOfThreads = 1,
            }),
        };

        private static IDataView View(MLContext ml, IEnumerable<Row> rows, int width)
        {
            var schema = SchemaDefinition.Create(typeof(Row));
            schema[FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
            return ml.Data.LoadFromEnumerable(rows.ToList(), schema);
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
