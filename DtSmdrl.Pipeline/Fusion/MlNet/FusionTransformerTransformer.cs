using DtSmdrl.Pipeline.Twin.Prior;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Fusion.MlNet;

/// <summary>
/// The fitted fusion transformer: adds the fusion model's outputs to a featurised view.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Output column</term><description>Type</description></listheader>
/// <item><term>PatientEmbedding</term><description>Vector&lt;Single, d&gt;: [CLS] representation (deterministic pass).</description></item>
/// <item><term>TwinLatentMean, TwinLatentSpread</term><description>Vector&lt;Single, L&gt;: prior mean and standard deviation of each twin latent
/// (TwinPrior z coordinates); spread = sqrt(predicted spread² + MC spread of the mean²). Only when L &gt; 0.</description></item>
/// <item><term>ResponseProbability, ResponseProbabilityStd</term><description>Vector&lt;Single, R&gt;: MC mean and MC standard deviation per regimen. Only when R &gt; 0.</description></item>
/// <item><term>ToxicityProbability, ToxicityProbabilityStd</term><description>Vector&lt;Single, R&gt;: as for response.</description></item>
/// <item><term>ModalityAttention</term><description>Vector&lt;Single, M&gt;: [CLS]-to-modality attention of the last layer; slot names = modality columns.</description></item>
/// </list>
/// Transform is lazy: rows are predicted in batches of <see cref="FusionTransformerOptions.InferenceBatchSize"/> as a cursor moves.
/// ML.NET's save contract is closed to transformers written outside ML.NET, so <c>mlContext.Model.Save</c> fails with a message
/// pointing to <see cref="FusionPipeline"/>, which saves featuriser, weights and manifest into one file.
/// The transformer owns the TorchSharp model: dispose it to free the weights.
/// </remarks>
public sealed class FusionTransformerTransformer : ITransformer, IDisposable
{
    private readonly object _gate = new();
    private bool _disposed;

    internal FusionTransformerTransformer(FusionTransformerModel model, FusionTransformerOptions options, IReadOnlyList<FusionEpochLog> trainingLog, int bestEpoch)
    {
        Model = model;
        Options = options with { Model = model.Options };
        TrainingLog = trainingLog;
        BestEpoch = bestEpoch;
    }

    /// <summary>The TorchSharp model (eval mode). Owned by this transformer.</summary>
    public FusionTransformerModel Model { get; }

    /// <summary>The options (columns, MC settings) with the model's own hyperparameters.</summary>
    public FusionTransformerOptions Options { get; }

    /// <summary>Per-epoch training log (empty for a loaded transformer).</summary>
    public IReadOnlyList<FusionEpochLog> TrainingLog { get; }

    /// <summary>The epoch whose weights the model holds (0 for a loaded transformer).</summary>
    public int BestEpoch { get; }

    /// <summary>Always false: the transformer predicts rows in batches, not one row at a time.</summary>
    public bool IsRowToRowMapper => false;

    /// <summary>The input schema plus the output columns (see the remarks).</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckInput(inputSchema);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        AddOutputColumns(builder);
        return builder.ToSchema();
    }

    /// <summary>A lazy view with the output columns added.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new FusionDataView(this, input, GetOutputSchema(input.Schema));
    }

    /// <summary>
    /// Predicts every row of a featurised view, in row order (the numbers <see cref="Transform"/> gives, except that
    /// <see cref="FusionPrediction.LatentSpread"/> is the predicted spread alone; TwinLatentSpread adds the MC spread, see <see cref="TotalLatentSpread"/>).
    /// </summary>
    public FusionPrediction[] Predict(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input.Schema);
        var examples = FusionSchema.ReadExamples(input, Options, withLabels: false, "input");
        var result = new List<FusionPrediction>(examples.Count);
        for (int start = 0, batch = 0; start < examples.Count; start += Options.InferenceBatchSize, batch++)
            result.AddRange(PredictBatch(examples.GetRange(start, Math.Min(Options.InferenceBatchSize, examples.Count - start)), batch));
        return result.ToArray();
    }

    /// <summary>Not supported: throws, naming the bundle API.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException($"{FusionSchema.Component}: the fusion transformer predicts in batches and is not a row-to-row mapper; use Transform or Predict.");

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException(
            $"{FusionSchema.Component}: the fusion transformer cannot be written by mlContext.Model.Save (ML.NET's save contract is closed to " +
            "transformers written outside ML.NET). Save the whole pipeline with FusionPipeline.Save(ml, path, ...) and load it with " +
            "FusionPipeline.Load(ml, path): the featuriser goes to mlnet.zip, the TorchSharp weights and a versioned manifest beside it.");

    /// <summary>Frees the TorchSharp weights.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Model.Dispose();
    }

    internal void CheckInput(DataViewSchema schema)
    {
        var sizes = FusionSchema.CheckFeatures(schema, Options);
        for (var m = 0; m < sizes.Length; m++)
            if (sizes[m] != Model.Architecture.Modalities[m].FeatureCount)
                throw new ArgumentOutOfRangeException("inputSchema",
                    $"{FusionSchema.Component}: feature column '{Options.Modalities[m].Column}' gives {sizes[m]} tokens; the model was trained with {Model.Architecture.Modalities[m].FeatureCount}.");
    }

    /// <summary>Predicts one batch; batch k seeds the MC passes with McSeed + k, so a transform repeats exactly.</summary>
    internal FusionPrediction[] PredictBatch(IReadOnlyList<FusionExample> examples, long batchIndex)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return FusionPredictor.Predict(Model, examples, Options.McPasses, Options.McSeed + batchIndex, Options.InferenceBatchSize);
        }
    }

    /// <summary>The twin prior's spread: aleatoric (predicted) and epistemic (MC spread of the mean) variances add.</summary>
    public static float[] TotalLatentSpread(FusionPrediction p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var total = new float[p.LatentSpread.Length];
        for (var k = 0; k < total.Length; k++)
            total[k] = MathF.Sqrt(p.LatentSpread[k] * p.LatentSpread[k] + p.LatentMeanStd[k] * p.LatentMeanStd[k]);
        return total;
    }

    private void AddOutputColumns(DataViewSchema.Builder builder)
    {
        static VectorDataViewType Vector(int size) => new(NumberDataViewType.Single, size);
        var architecture = Model.Architecture;
        builder.AddColumn(FusionColumns.PatientEmbedding, Vector(Model.Options.ModelDimension));
        if (architecture.LatentCount > 0)
        {
            builder.AddColumn(FusionColumns.TwinLatentMean, Vector(architecture.LatentCount));
            builder.AddColumn(FusionColumns.TwinLatentSpread, Vector(architecture.LatentCount));
        }
        if (architecture.RegimenCount > 0)
        {
            builder.AddColumn(FusionColumns.ResponseProbability, Vector(architecture.RegimenCount));
            builder.AddColumn(FusionColumns.ResponseProbabilityStd, Vector(architecture.RegimenCount));
            builder.AddColumn(FusionColumns.ToxicityProbability, Vector(architecture.RegimenCount));
            builder.AddColumn(FusionColumns.ToxicityProbabilityStd, Vector(architecture.RegimenCount));
        }
        var names = Options.Modalities.Select(m => m.Column.AsMemory()).ToArray();
        var annotations = new DataViewSchema.Annotations.Builder();
        annotations.Add("SlotNames", new VectorDataViewType(TextDataViewType.Instance, names.Length),
            (ref VBuffer<ReadOnlyMemory<char>> value) => value = new VBuffer<ReadOnlyMemory<char>>(names.Length, names));
        builder.AddColumn(FusionColumns.ModalityAttention, Vector(names.Length), annotations.ToAnnotations());
    }

    /// <summary>The value of an output column for one prediction.</summary>
    internal static float[] OutputValue(FusionPrediction p, string column) => column switch
    {
        FusionColumns.PatientEmbedding => p.Embedding,
        FusionColumns.TwinLatentMean => p.LatentMean,
        FusionColumns.TwinLatentSpread => TotalLatentSpread(p),
        FusionColumns.ResponseProbability => p.ResponseProbability,
        FusionColumns.ResponseProbabilityStd => p.ResponseProbabilityStd,
        FusionColumns.ToxicityProbability => p.ToxicityProbability,
        FusionColumns.ToxicityProbabilityStd => p.ToxicityProbabilityStd,
        FusionColumns.ModalityAttention => p.ModalityAttention,
        _ => throw new ArgumentException($"'{column}' is not a fusion output column.", nameof(column)),
    };
}
