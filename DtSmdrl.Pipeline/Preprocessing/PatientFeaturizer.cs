using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;

namespace DtSmdrl.Pipeline.Preprocessing;

/// <summary>
/// Builds the per-modality featurisers out of ML.NET's own transforms. Every numeric block follows
/// the same recipe: concatenate the raw inputs, flag missing slots (IndicateMissingValues, converted
/// to 0/1 floats), replace missing slots by the training mean (ReplaceMissingValues), scale
/// (NormalizeMeanVariance or NormalizeRobustScaling), then concatenate [scaled values, indicators, extras].
/// All statistics (means, scales, one-hot and n-gram dictionaries) come from the data passed to Fit.
/// </summary>
public static class PatientFeaturizer
{
    public const string ClinicalFeatures = "ClinicalFeatures";
    public const string LabFeatures = "LabFeatures";
    public const string OmicsFeatures = "OmicsFeatures";
    public const string ImagingFeatures = "ImagingFeatures";
    public const string SignalFeatures = "SignalFeatures";
    public const string HistoryFeatures = "HistoryFeatures";
    public const string NoteFeatures = "NoteFeatures";
    public const string ModalityMask = "ModalityMask";
    public const string Features = "Features";

    /// <summary>Intermediate column of the wearable summary (see <see cref="WearableSummaryOutput"/>).</summary>
    public const string SignalSummary = "SignalSummary";

    internal static CheckedEstimator Clinical(MLContext ml, NormalizationKind normalization)
    {
        var oneHot = ml.Transforms.Categorical.OneHotEncoding(
        [
            new InputOutputColumnPair("Clinical.Sex", "Sex"),
            new InputOutputColumnPair("Clinical.TumourType", "TumourType"),
            new InputOutputColumnPair("Clinical.Stage", "Stage"),
        ]);
        var chain = oneHot.Append(NumericBlock(ml, ClinicalFeatures, ["Clinical"], normalization, ["Clinical.Sex", "Clinical.TumourType", "Clinical.Stage"]));
        return new CheckedEstimator("DtSmdrl.FeaturizeClinical",
            [PatientInputColumns.Clinical, PatientInputColumns.Sex, PatientInputColumns.TumourType, PatientInputColumns.Stage], chain);
    }

    internal static CheckedEstimator Labs(MLContext ml, NormalizationKind normalization) =>
        new("DtSmdrl.FeaturizeLabs", [PatientInputColumns.Labs], NumericBlock(ml, LabFeatures, ["Labs"], normalization));

    internal static CheckedEstimator Omics(MLContext ml, NormalizationKind normalization) =>
        new("DtSmdrl.FeaturizeOmics", [PatientInputColumns.Mutations, PatientInputColumns.OmicsScalars, PatientInputColumns.Expression],
            NumericBlock(ml, OmicsFeatures, ["Mutations", "OmicsScalars", "Expression"], normalization));

    internal static CheckedEstimator Imaging(MLContext ml, NormalizationKind normalization) =>
        new("DtSmdrl.FeaturizeImaging", [PatientInputColumns.Lesions, PatientInputColumns.Radiomics],
            NumericBlock(ml, ImagingFeatures, ["Lesions", "Radiomics"], normalization));

    internal static CheckedEstimator History(MLContext ml, NormalizationKind normalization) =>
        new("DtSmdrl.FeaturizeHistory", [PatientInputColumns.History], NumericBlock(ml, HistoryFeatures, ["History"], normalization));

    internal static CheckedEstimator WearableSummaryOnly(MLContext ml) =>
        new("DtSmdrl.SummariseWearables", SignalColumns,
            ml.Transforms.CustomMapping(new WearableSummaryMappingFactory().GetMapping(), WearableSummaryMappingFactory.ContractName));

    internal static CheckedEstimator Signals(MLContext ml, NormalizationKind normalization) =>
        new("DtSmdrl.FeaturizeSignals", SignalColumns,
            ml.Transforms.CustomMapping(new WearableSummaryMappingFactory().GetMapping(), WearableSummaryMappingFactory.ContractName)
                .Append(NumericBlock(ml, SignalFeatures, [SignalSummary], normalization)));

    internal static CheckedEstimator Note(MLContext ml, int ngramLength)
    {
        var options = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = false,
            KeepPunctuations = false,
            KeepNumbers = true,
            StopWordsRemoverOptions = new StopWordsRemovingEstimator.Options { Language = TextFeaturizingEstimator.Language.English },
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = ngramLength, UseAllLengths = true },
            CharFeatureExtractor = null,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        return new CheckedEstimator("DtSmdrl.FeaturizeNote", [PatientInputColumns.Note],
            ml.Transforms.Text.FeaturizeText(NoteFeatures, options, "Note"));
    }

    internal static CheckedEstimator Mask(MLContext ml) =>
        new("DtSmdrl.ModalityMask", [PatientInputColumns.ModalityPresent], ml.Transforms.CopyColumns(ModalityMask, "ModalityPresent"));

    internal static CheckedEstimator Patient(MLContext ml, PatientFeaturizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var n = options.Normalization;
        var parts = new List<CheckedEstimator> { Clinical(ml, n), Labs(ml, n), Omics(ml, n), Imaging(ml, n), Signals(ml, n), History(ml, n) };
        if (options.IncludeNote) parts.Add(Note(ml, options.NoteNgramLength));
        parts.Add(Mask(ml));

        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        foreach (var part in parts) chain = chain.Append(part);
        string[] blocks = options.IncludeNote
            ? [ClinicalFeatures, LabFeatures, OmicsFeatures, ImagingFeatures, SignalFeatures, HistoryFeatures, NoteFeatures, ModalityMask]
            : [ClinicalFeatures, LabFeatures, OmicsFeatures, ImagingFeatures, SignalFeatures, HistoryFeatures, ModalityMask];
        chain = chain.Append(ml.Transforms.Concatenate(Features, blocks));
        return new CheckedEstimator("DtSmdrl.FeaturizePatient", parts.SelectMany(p => p.RequiredColumns).Distinct().ToList(), chain);
    }

    private static IReadOnlyList<InputColumn> SignalColumns { get; } =
        [PatientInputColumns.SignalHours, PatientInputColumns.HeartRate, PatientInputColumns.Steps, PatientInputColumns.SleepHours, PatientInputColumns.Spo2];

    private static IEstimator<ITransformer> NumericBlock(MLContext ml, string output, string[] inputs, NormalizationKind normalization, string[]? extras = null)
    {
        string raw = output + ".Raw", flags = output + ".MissingFlags", indicators = output + ".Missing",
            imputed = output + ".Imputed", scaled = output + ".Scaled";
        // Robust scaling turns a slot that is constant in training into 0/0 = NaN; such a slot carries no
        // information, so it is set to its centred value 0.
        IEstimator<ITransformer> scale = normalization == NormalizationKind.Robust
            ? ml.Transforms.NormalizeRobustScaling(output + ".RobustScaled", imputed, centerData: true, quantileMin: 25, quantileMax: 75)
                .Append(ml.Transforms.ReplaceMissingValues(scaled, output + ".RobustScaled", MissingValueReplacingEstimator.ReplacementMode.DefaultValue))
            : ml.Transforms.NormalizeMeanVariance(scaled, imputed, fixZero: false);
        return ml.Transforms.Concatenate(raw, inputs)
            .Append(ml.Transforms.IndicateMissingValues(flags, raw))
            .Append(ml.Transforms.Conversion.ConvertType(indicators, flags, DataKind.Single))
            .Append(ml.Transforms.ReplaceMissingValues(imputed, raw, MissingValueReplacingEstimator.ReplacementMode.Mean))
            .Append(scale)
            .Append(ml.Transforms.Concatenate(output, [scaled, indicators, .. extras ?? []]));
    }
}
