using DtSmdrl.Plugins.Contracts.Causal;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>
/// Fits one ML.NET learner on some rows and predicts others: the only place the causal estimators
/// touch ML.NET. Features are min-max scaled to [0, 1] on the training rows, so the linear learners'
/// ridge penalty treats covariates alike without blowing up rare 0/1 indicators (standardising a
/// covariate that is 1 in 2% of rows turns it into a value of 7, and a resample in which those few rows
/// sit in one arm then drives the propensity to 0 or 1). Single-threaded, so results depend only on the seed.
/// </summary>
internal sealed class MlNetLearner(LearnerKind kind, int seed)
{
    // One context per learner: creating an MLContext costs more than fitting a small fold.
    private readonly MLContext ml = new(seed);

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public float Value { get; set; }
        public bool Label { get; set; }
    }

    /// <summary>P(label = 1 | x) for every row of <paramref name="predict"/>; a constant when the training labels are all equal.</summary>
    public double[] FitPredictProbability(double[][] trainX, bool[] trainLabel, double[][] predict)
    {
        var positives = trainLabel.Count(l => l);
        if (positives == 0 || positives == trainLabel.Length)
            return Enumerable.Repeat((double)positives / trainLabel.Length, predict.Length).ToArray();
        var (mean, sd) = Standardiser(trainX);
        var train = Load(ml, trainX, mean, sd, i => 0f, i => trainLabel[i]);
        if (kind == LearnerKind.Linear)
        {
            var logistic = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = nameof(Row.Label),
                FeatureColumnName = nameof(Row.Features),
                L1Regularization = 0f,
                // ML.NET sums the log-loss over rows, so this is a mild ridge that only bites when
                // a rare covariate value separates the classes (common in bootstrap resamples).
                L2Regularization = 1f,
                NumberOfThreads = 1,
            }).Fit(train).Model;
            // Scoring straight from the weights skips building a second data view (most of the cost on small folds).
            var weights = logistic.SubModel.Weights.ToArray();
            var bias = logistic.SubModel.Bias;
            return predict.Select(x =>
            {
                var score = bias;
                for (var j = 0; j < weights.Length; j++) score += weights[j] * (float)((x[j] - mean[j]) / sd[j]);
                return (double)logistic.Calibrator.PredictProbability(score);
            }).ToArray();
        }
        IEstimator<ITransformer> trainer = kind switch
        {
            LearnerKind.BoostedTrees => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = nameof(Row.Label),
                FeatureColumnName = nameof(Row.Features),
                NumberOfTrees = 50,
                NumberOfLeaves = 8,
                MinimumExampleCountPerLeaf = 20,
                LearningRate = 0.1,
                NumberOfThreads = 1,
                Seed = seed,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown learner"),
        };
        var model = trainer.Fit(train);
        var scored = model.Transform(Load(ml, predict, mean, sd, i => 0f, i => false));
        return scored.GetColumn<float>("Probability").Select(p => (double)p).ToArray();
    }

    /// <summary>E[value | x] for every row of <paramref name="predict"/>.</summary>
    public double[] FitPredictValue(double[][] trainX, double[] trainValue, double[][] predict)
    {
        // ML.NET's SDCA regression gave non-finite weights with a small ridge and took minutes with its
        // automatic settings on bootstrap resamples, and its OLS trainer needs MKL (not available here):
        // the linear regression is an exact least-squares fit instead (LinearLeastSquares).
        if (kind == LearnerKind.Linear) return LinearLeastSquares.FitPredict(trainX, trainValue, predict);
        var (mean, sd) = Standardiser(trainX);
        var train = Load(ml, trainX, mean, sd, i => (float)trainValue[i], i => false);
        IEstimator<ITransformer> trainer = kind switch
        {
            LearnerKind.BoostedTrees => ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            {
                LabelColumnName = nameof(Row.Value),
                FeatureColumnName = nameof(Row.Features),
                NumberOfTrees = 50,
                NumberOfLeaves = 8,
                MinimumExampleCountPerLeaf = 20,
                LearningRate = 0.1,
                NumberOfThreads = 1,
                Seed = seed,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown learner"),
        };
        var model = trainer.Fit(train);
        var scored = model.Transform(Load(ml, predict, mean, sd, i => 0f, i => false));
        return scored.GetColumn<float>("Score").Select(p => (double)p).ToArray();
    }

    /// <summary>Offset (training minimum) and scale (training range) per column.</summary>
    private static (double[] Offset, double[] Scale) Standardiser(double[][] x)
    {
        var width = x.Length == 0 ? 0 : x[0].Length;
        var offset = new double[width];
        var scale = new double[width];
        for (var j = 0; j < width; j++)
        {
            var min = double.PositiveInfinity;
            var max = double.NegativeInfinity;
            foreach (var row in x)
            {
                min = Math.Min(min, row[j]);
                max = Math.Max(max, row[j]);
            }
            offset[j] = min;
            // A constant column becomes 0; a unit range keeps it finite.
            scale[j] = max > min ? max - min : 1.0;
        }
        return (offset, scale);
    }

    private static IDataView Load(MLContext ml, double[][] x, double[] mean, double[] sd, Func<int, float> value, Func<int, bool> label)
    {
        var width = mean.Length;
        var rows = new Row[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var features = new float[width];
            for (var j = 0; j < width; j++) features[j] = (float)((x[i][j] - mean[j]) / sd[j]);
            rows[i] = new Row { Features = features, Value = value(i), Label = label(i) };
        }
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }
}
