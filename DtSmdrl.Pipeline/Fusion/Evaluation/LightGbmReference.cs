using DtSmdrl.Pipeline.Fusion.MlNet;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace DtSmdrl.Pipeline.Fusion.Evaluation;

/// <summary>
/// The reference the fusion model is compared with: ML.NET LightGBM on the same inputs (every modality column's slots plus the
/// presence flags), a binary model per regimen and outcome (trained on the patients whose outcome under that regimen is
/// observed) and a regression per latent; the latent's predictive spread is the validation RMSE, so its CRPS is defined.
/// A regimen/outcome with fewer than 3 patients of either class in training predicts the training base rate.
/// </summary>
internal sealed class LightGbmReference
{
    private const string Features = "Features";
    private const string Label = "Label";

    private readonly MLContext _ml;
    private readonly int _width;
    private readonly Predictor[] _response;
    private readonly Predictor[] _toxicity;
    private readonly ITransformer[] _latents;

    private LightGbmReference(MLContext ml, int width, Predictor[] response, Predictor[] toxicity, ITransformer[] latents, double[] latentSd)
    {
        _ml = ml;
        _width = width;
        _response = response;
        _toxicity = toxicity;
        _latents = latents;
        LatentSd = latentSd;
    }

    /// <summary>Validation RMSE of each latent's regression (its predictive standard deviation).</summary>
    public double[] LatentSd { get; }

    /// <summary>The flat input vector of an example: all modality slots, then one 0/1 presence flag per modality.</summary>
    public static float[] Flatten(FusionExample e) => e.Modalities.SelectMany(m => m).Concat(e.Present.Select(p => p ? 1f : 0f)).ToArray();

    public static LightGbmReference Train(MLContext ml, IReadOnlyList<FusionExample> train, IReadOnlyList<FusionExample> validation, FusionEvaluationOptions options)
    {
        var x = train.Select(Flatten).ToArray();
        var width = x[0].Length;
        var regimens = train[0].ResponseTargets.Length;
        var latents = train[0].LatentTargets.Length;
        Predictor Binary(Func<FusionExample, float> label)
        {
            var rows = train.Select((e, i) => (Label: label(e), X: x[i])).Where(r => !float.IsNaN(r.Label)).ToList();
            var positives = rows.Count(r => r.Label == 1f);
            if (positives < 3 || rows.Count - positives < 3)
                return new Predictor(null, rows.Count == 0 ? double.NaN : (double)positives / rows.Count);
            var data = View(ml, rows.Select(r => new Row { Features = r.X, Label = r.Label == 1f }), width);
            var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = Label, FeatureColumnName = Features, NumberOfIterations = options.LightGbmIterations, NumberOfLeaves = options.LightGbmLeaves,
                MinimumExampleCountPerLeaf = options.LightGbmMinLeaf, LearningRate = 0.05, NumberOfThreads = 1, Seed = options.Seed, Silent = true,
            });
            return new Predictor(trainer.Fit(data), double.NaN);
        }
        var response = Enumerable.Range(0, regimens).Select(r => Binary(e => e.ResponseTargets[r])).ToArray();
        var toxicity = Enumerable.Range(0, regimens).Select(r => Binary(e => e.ToxicityTargets[r])).ToArray();
        var latentModels = new ITransformer[latents];
        for (var k = 0; k < latents; k++)
        {
            var rows = train.Select((e, i) => new Row { Features = x[i], Value = e.LatentTargets[k] }).Where(r => !float.IsNaN(r.Value));
            var trainer = ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            {
                LabelColumnName = "Value", FeatureColumnName = Features, NumberOfIterations = options.LightGbmIterations, NumberOfLeaves = options.LightGbmLeaves,
                MinimumExampleCountPerLeaf = options.LightGbmMinLeaf, LearningRate = 0.05, NumberOfThreads = 1, Seed = options.Seed, Silent = true,
            });
            latentModels[k] = trainer.Fit(View(ml, rows, width));
        }
        var reference = new LightGbmReference(ml, width, response, toxicity, latentModels, new double[latents]);
        var predicted = reference.PredictLatents(validation);
        for (var k = 0; k < latents; k++)
        {
            var errors = validation.Select((e, i) => (double)e.LatentTargets[k] - predicted[i][k]).Where(double.IsFinite).ToArray();
            reference.LatentSd[k] = errors.Length == 0 ? 1.0 : Math.Max(1e-3, Math.Sqrt(errors.Average(d => d * d)));
        }
        return reference;
    }

    /// <summary>[patient][regimen] response probabilities.</summary>
    public double[][] PredictResponse(IReadOnlyList<FusionExample> examples) => PredictBinary(_response, examples);

    /// <summary>[patient][regimen] toxicity probabilities.</summary>
    public double[][] PredictToxicity(IReadOnlyList<FusionExample> examples) => PredictBinary(_toxicity, examples);

    /// <summary>[patient][latent] predicted latent values.</summary>
    public double[][] PredictLatents(IReadOnlyList<FusionExample> examples)
    {
        var data = View(_ml, examples.Select(e => new Row { Features = Flatten(e) }), _width);
        var columns = _latents.Select(m => m.Transform(data).GetColumn<float>("Score").ToArray()).ToArray();
        return Enumerable.Range(0, examples.Count).Select(i => columns.Select(c => (double)c[i]).ToArray()).ToArray();
    }

    private double[][] PredictBinary(Predictor[] models, IReadOnlyList<FusionExample> examples)
    {
        var data = View(_ml, examples.Select(e => new Row { Features = Flatten(e) }), _width);
        var columns = models.Select(m => m.Model is null
            ? Enumerable.Repeat(m.BaseRate, examples.Count).ToArray()
            : m.Model.Transform(data).GetColumn<float>("Probability").Select(p => (double)p).ToArray()).ToArray();
        return Enumerable.Range(0, examples.Count).Select(i => columns.Select(c => c[i]).ToArray()).ToArray();
    }

    private static IDataView View(MLContext ml, IEnumerable<Row> rows, int width)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[Features].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return ml.Data.LoadFromEnumerable(rows.ToList(), schema);
    }

    private sealed record Predictor(ITransformer? Model, double BaseRate);

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
        public float Value { get; set; }
    }
}
