using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace DtSmdrl.Pipeline.Baselines.Supervised;

/// <summary>
/// One point of the model-selection sweep: an ML.NET binary trainer with fixed hyperparameters that
/// reads the columns <see cref="FeatureTable.LabelColumn"/> and <see cref="FeatureTable.FeaturesColumn"/>
/// and writes Probability. Every trainer runs single-threaded with an explicit seed, so a sweep is
/// deterministic for a given seed.
/// </summary>
/// <param name="Name">Unique name, e.g. "lightgbm-leaves8-iter100".</param>
/// <param name="Family">lbfgs-logistic, sdca-logistic, fasttree or lightgbm.</param>
/// <param name="Hyperparameters">The hyperparameters as text (for manifests and reports).</param>
/// <param name="Create">Builds the trainer for a seed.</param>
public sealed record TrainerCandidate(string Name, string Family, IReadOnlyDictionary<string, string> Hyperparameters,
    Func<MLContext, int, IEstimator<ITransformer>> Create)
{
    private const string Label = FeatureTable.LabelColumn;
    private const string Features = FeatureTable.FeaturesColumn;

    /// <summary>L-BFGS logistic regression with an L2 penalty.</summary>
    public static TrainerCandidate LbfgsLogistic(float l2) => new(
        $"lbfgs-logistic-l2-{F(l2)}", "lbfgs-logistic", new Dictionary<string, string> { ["l2"] = F(l2) },
        (ml, _) => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = Label, FeatureColumnName = Features, L2Regularization = l2, L1Regularization = 0, NumberOfThreads = 1,
        }));

    /// <summary>SDCA logistic regression with an L2 penalty.</summary>
    public static TrainerCandidate SdcaLogistic(float l2) => new(
        $"sdca-logistic-l2-{F(l2)}", "sdca-logistic", new Dictionary<string, string> { ["l2"] = F(l2) },
        (ml, _) => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = Label, FeatureColumnName = Features, L2Regularization = l2, NumberOfThreads = 1, MaximumNumberOfIterations = 100,
        }));

    /// <summary>FastTree gradient-boosted trees.</summary>
    public static TrainerCandidate FastTree(int leaves, int trees, int minLeaf = 5, double learningRate = 0.1) => new(
        $"fasttree-leaves{leaves}-trees{trees}", "fasttree",
        new Dictionary<string, string>
        {
            ["leaves"] = leaves.ToString(CultureInfo.InvariantCulture), ["trees"] = trees.ToString(CultureInfo.InvariantCulture),
            ["min_leaf"] = minLeaf.ToString(CultureInfo.InvariantCulture), ["learning_rate"] = F(learningRate)
        },
        (ml, seed) => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = Label, FeatureColumnName = Features, NumberOfLeaves = leaves, NumberOfTrees = trees,
            MinimumExampleCountPerLeaf = minLeaf, LearningRate = learningRate, NumberOfThreads = 1, Seed = seed,
        }));

    /// <summary>LightGBM gradient-boosted trees.</summary>
    public static TrainerCandidate LightGbm(int leaves, int iterations, int minLeaf = 5, double learningRate = 0.1) => new(
        $"lightgbm-leaves{leaves}-iter{iterations}", "lightgbm",
        new Dictionary<string, string>
        {
            ["leaves"] = leaves.ToString(CultureInfo.InvariantCulture), ["iterations"] = iterations.ToString(CultureInfo.InvariantCulture),
            ["min_leaf"] = minLeaf.ToString(CultureInfo.InvariantCulture), ["learning_rate"] = F(learningRate)
        },
        (ml, seed) => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = Label, FeatureColumnName = Features, NumberOfLeaves = leaves, NumberOfIterations = iterations,
            MinimumExampleCountPerLeaf = minLeaf, LearningRate = learningRate, NumberOfThreads = 1, Seed = seed, Silent = true,
        }));

    /// <summary>
    /// The default sweep: three L2 strengths of L-BFGS logistic regression, two of SDCA logistic regression,
    /// one FastTree and two LightGBM shapes. Small on purpose: retrospective cells have tens to a few hundred
    /// patients. Only the small FastTree shape: FastTree's per-fit set-up costs about 1 s here (the larger
    /// shape took 10-23 s per 5-fold cell on the 1,000-patient cohort and never won).
    /// </summary>
    public static IReadOnlyList<TrainerCandidate> DefaultGrid { get; } =
    [
        LbfgsLogistic(0.1f), LbfgsLogistic(1f), LbfgsLogistic(10f), SdcaLogistic(0.01f), SdcaLogistic(0.1f),
        FastTree(4, 50), LightGbm(4, 50), LightGbm(8, 100),
    ];

    /// <summary>A quick sweep for smoke runs: two logistic regressions, SDCA and one small LightGBM.</summary>
    public static IReadOnlyList<TrainerCandidate> QuickGrid { get; } =
    [
        LbfgsLogistic(1f), LbfgsLogistic(10f), SdcaLogistic(0.1f), LightGbm(4, 50),
    ];

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
