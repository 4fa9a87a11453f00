using DtSmdrl.Pipeline.Twin.Prior;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Fusion.MlNet;

/// <summary>
/// Trains the multimodal fusion transformer (TorchSharp) on a featurised view: <c>ml.DtSmdrl().FuseModalities(options)</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Input column</term><description>Type</description></listheader>
/// <item><term>each of <see cref="FusionTransformerOptions.Modalities"/> (default ClinicalFeatures … HistoryFeatures)</term><description>Vector&lt;Single, known size&gt;, one token per value (see <see cref="FusionInputModality.ValueSlots"/>); NaN = missing value.</description></item>
/// <item><term><see cref="FusionTransformerOptions.ModalityMaskColumn"/> (ModalityMask)</term><description>Vector&lt;Single&gt;: 1 present, 0 absent, per mask slot.</description></item>
/// <item><term>LatentTargets (Fit only)</term><description>Vector&lt;Single, L&gt;: true twin latents in TwinPrior z coordinates, NaN = unknown.</description></item>
/// <item><term>ResponseTargets, ToxicityTargets (Fit only)</term><description>Vector&lt;Single, R&gt;: 1/0 per regimen, NaN = unobserved.</description></item>
/// </list>
/// Output columns: see <see cref="FusionTransformerTransformer"/>. Fit is reproducible for <see cref="FusionOptions.Seed"/> on CPU.
/// Early stopping needs a validation view: use <see cref="Fit(IDataView, IDataView?, IProgress{FusionEpochLog}?)"/>.
/// </remarks>
public sealed class FusionTransformerEstimator : IEstimator<FusionTransformerTransformer>
{
    private readonly MLContext _ml;

    internal FusionTransformerEstimator(MLContext ml, FusionTransformerOptions options)
    {
        _ml = ml ?? throw new ArgumentNullException(nameof(ml));
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>Columns, hyperparameters and MC settings.</summary>
    public FusionTransformerOptions Options { get; }

    /// <summary>Trains on every row of <paramref name="input"/> for <see cref="FusionOptions.Epochs"/> epochs (no validation, so no early stopping).</summary>
    public FusionTransformerTransformer Fit(IDataView input) => Fit(input, null);

    /// <summary>
    /// Trains on <paramref name="trainData"/>; <paramref name="validationData"/> (featurised the same way) drives early stopping and
    /// the choice of the best epoch's weights. <paramref name="progress"/> receives one entry per epoch.
    /// </summary>
    public FusionTransformerTransformer Fit(IDataView trainData, IDataView? validationData, IProgress<FusionEpochLog>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        var sizes = FusionSchema.CheckFeatures(trainData.Schema, Options);
        var (latents, regimens) = FusionSchema.CheckLabels(trainData.Schema, Options);
        if (validationData is not null)
        {
            var validationSizes = FusionSchema.CheckFeatures(validationData.Schema, Options);
            for (var m = 0; m < sizes.Length; m++)
                if (validationSizes[m] != sizes[m])
                    throw new ArgumentOutOfRangeException(nameof(validationData),
                        $"{FusionSchema.Component}: feature column '{Options.Modalities[m].Column}' gives {validationSizes[m]} tokens in the validation data and {sizes[m]} in the training data.");
            if (FusionSchema.CheckLabels(validationData.Schema, Options) != (latents, regimens))
                throw new ArgumentOutOfRangeException(nameof(validationData), $"{FusionSchema.Component}: the validation label columns differ in size from the training label columns.");
        }
        var train = FusionSchema.ReadExamples(trainData, Options, withLabels: true, "training");
        var validation = validationData is null ? [] : FusionSchema.ReadExamples(validationData, Options, withLabels: true, "validation");
        if (train.Count == 0)
            throw new ArgumentException($"{FusionSchema.Component}: the training data has no rows.", nameof(trainData));
        var specs = Options.Modalities.Select((m, i) => new FusionModalitySpec(m.Column, sizes[i])).ToArray();
        var result = FusionTrainer.Train(specs, Options.Model, train, validation, progress);
        return new FusionTransformerTransformer(result.Model, Options, result.Epochs, result.BestEpoch);
    }

    /// <summary>Checks the feature, mask and label columns (naming any missing or mistyped one) and adds the output columns.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        FusionSchema.CheckFeatures(inputSchema, Options);
        FusionSchema.CheckLabels(inputSchema, Options);
        // SchemaShape.Column has no public constructor: let ML.NET's column copier describe the new Vector<Single> columns.
        var outputs = new List<string> { FusionColumns.PatientEmbedding };
        if (Options.LatentTargetColumn is not null)
            outputs.AddRange([FusionColumns.TwinLatentMean, FusionColumns.TwinLatentSpread]);
        if (Options.ResponseTargetColumn is not null)
            outputs.AddRange([FusionColumns.ResponseProbability, FusionColumns.ResponseProbabilityStd, FusionColumns.ToxicityProbability, FusionColumns.ToxicityProbabilityStd]);
        outputs.Add(FusionColumns.ModalityAttention);
        var source = Options.Modalities[0].Column;
        var shape = inputSchema;
        foreach (var output in outputs)
            shape = _ml.Transforms.CopyColumns(output, source).GetOutputSchema(shape);
        return shape;
    }
}
