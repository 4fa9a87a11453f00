using DtSmdrl.Pipeline.Fusion;
using DtSmdrl.Pipeline.Fusion.MlNet;
using DtSmdrl.Pipeline.Preprocessing;
using Microsoft.ML;

namespace DtSmdrl.Pipeline;

/// <summary>Entry point of the DtSmdrl components on an <see cref="MLContext"/>: <c>ml.DtSmdrl().FeaturizePatient()</c>.</summary>
public static class DtSmdrlCatalogExtensions
{
    /// <summary>The DtSmdrl catalog of this context. Also registers this assembly's custom mappings for loading.</summary>
    public static DtSmdrlCatalog DtSmdrl(this MLContext ml) => new(ml);
}

/// <summary>
/// DtSmdrl estimators in the ML.NET style: compose them with <c>Append</c> like any ML.NET transform.
/// Every estimator checks its input columns early (<see cref="CheckedEstimator"/>); fitted pipelines
/// are ML.NET's own transformer chains, saved with <c>ml.Model.Save</c>. Before loading a saved pipeline
/// in a fresh process call <see cref="RegisterComponents"/> (or <c>ml.DtSmdrl()</c>, which does it).
/// </summary>
/// <remarks>
/// Input: the columns of <see cref="Data.PatientFeatureRow"/> (<see cref="Data.PatientDataView.Create"/>; NaN = missing).
/// Output of <see cref="FeaturizePatient(PatientFeaturizerOptions)"/> (each block is [scaled values, 0/1 missing indicators, extras]):
/// <list type="table">
/// <listheader><term>Column</term><description>Type and slots</description></listheader>
/// <item><term>ClinicalFeatures</term><description>Vector&lt;Single, 4 + 4 + one-hot&gt;: age_years, ecog, prior_lines, smoking_pack_years scaled;
/// their 4 missing indicators; one-hot Sex, TumourType, Stage (dictionaries from the training data; unseen or empty = all zeros;
/// ML.NET keeps the category names as slot names of the Clinical.Sex/.TumourType/.Stage columns).</description></item>
/// <item><term>LabFeatures</term><description>Vector&lt;Single, 20&gt;: the 10 labs of <see cref="Data.PatientFeatureRow.Labs"/> scaled, then 10 missing indicators.</description></item>
/// <item><term>OmicsFeatures</term><description>Vector&lt;Single, 50&gt;: 11 mutations, 4 omics scalars (TMB, PD-L1 TPS, DPYD score, UGT1A1 PM), 10 expression genes, scaled; then 25 missing indicators.</description></item>
/// <item><term>ImagingFeatures</term><description>Vector&lt;Single, 22&gt;: 5 lesion diameters (NaN-padded slots), 6 radiomics, scaled; then 11 missing indicators (the lesion indicators encode the lesion count).</description></item>
/// <item><term>SignalFeatures</term><description>Vector&lt;Single, 32&gt;: per channel heart_rate, steps, sleep_hours, spo2: level, trend_per_day,
/// variability, circadian_amplitude (<see cref="WearableSummary"/>, slot names <see cref="WearableSummaryOutput.SlotNames"/>), scaled; then 16 missing indicators.</description></item>
/// <item><term>HistoryFeatures</term><description>Vector&lt;Single, 8&gt;: courses, prior chemotherapy, prior targeted, prior antibody, scaled; then 4 missing indicators.</description></item>
/// <item><term>NoteFeatures</term><description>Vector&lt;Single&gt; (size = n-gram dictionary of the training notes): L2-normalised word 1..n-gram counts after lower-casing
/// and English stop-word removal (ML.NET FeaturizeText; slot names are the n-grams). Absent when IncludeNote is false.</description></item>
/// <item><term>ModalityMask</term><description>Vector&lt;Single, 7&gt;: 1 when present; clinical, labs, omics, imaging, signals, history, note.</description></item>
/// <item><term>Features</term><description>Concatenation of the columns above in this order.</description></item>
/// </list>
/// Intermediate columns (X.Raw, X.MissingFlags, X.Missing, X.Imputed, X.Scaled, SignalSummary) stay in the output; they are named after their block.
/// </remarks>
public sealed class DtSmdrlCatalog
{
    private readonly MLContext _ml;

    internal DtSmdrlCatalog(MLContext ml)
    {
        _ml = ml ?? throw new ArgumentNullException(nameof(ml));
        RegisterComponents(ml);
    }

    /// <summary>Registers this assembly's <c>CustomMappingFactory</c> types so that <c>ml.Model.Load</c> finds them.</summary>
    public static void RegisterComponents(MLContext ml)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ml.ComponentCatalog.RegisterAssembly(typeof(WearableSummaryMappingFactory).Assembly);
    }

    /// <summary>The whole patient featuriser: every modality block, the modality mask and <c>Features</c>.</summary>
    public CheckedEstimator FeaturizePatient(NormalizationKind normalization = NormalizationKind.MeanVariance, bool includeNote = true) =>
        FeaturizePatient(new PatientFeaturizerOptions { Normalization = normalization, IncludeNote = includeNote });

    /// <summary>The whole patient featuriser with explicit options.</summary>
    public CheckedEstimator FeaturizePatient(PatientFeaturizerOptions options) => PatientFeaturizer.Patient(_ml, options);

    /// <summary>ClinicalFeatures from Clinical, Sex, TumourType, Stage.</summary>
    public CheckedEstimator FeaturizeClinical(NormalizationKind normalization = NormalizationKind.MeanVariance) => PatientFeaturizer.Clinical(_ml, normalization);

    /// <summary>LabFeatures from Labs.</summary>
    public CheckedEstimator FeaturizeLabs(NormalizationKind normalization = NormalizationKind.MeanVariance) => PatientFeaturizer.Labs(_ml, normalization);

    /// <summary>OmicsFeatures from Mutations, OmicsScalars, Expression.</summary>
    public CheckedEstimator FeaturizeOmics(NormalizationKind normalization = NormalizationKind.MeanVariance) => PatientFeaturizer.Omics(_ml, normalization);

    /// <summary>ImagingFeatures from Lesions, Radiomics.</summary>
    public CheckedEstimator FeaturizeImaging(NormalizationKind normalization = NormalizationKind.MeanVariance) => PatientFeaturizer.Imaging(_ml, normalization);

    /// <summary>SignalFeatures from SignalHours, HeartRate, Steps, SleepHours, Spo2 (summary, then scaled).</summary>
    public CheckedEstimator FeaturizeSignals(NormalizationKind normalization = NormalizationKind.MeanVariance) => PatientFeaturizer.Signals(_ml, normalization);

    /// <summary>The unscaled wearable summary alone: column SignalSummary (Vector&lt;Single, 16&gt;, NaN where missing).</summary>
    public CheckedEstimator SummariseWearables() => PatientFeaturizer.WearableSummaryOnly(_ml);

    /// <summary>HistoryFeatures from History.</summary>
    public CheckedEstimator FeaturizeHistory(NormalizationKind normalization = NormalizationKind.MeanVariance) => PatientFeaturizer.History(_ml, normalization);

    /// <summary>NoteFeatures from Note (ML.NET FeaturizeText, word n-grams).</summary>
    public CheckedEstimator FeaturizeNote(int ngramLength = 2) => PatientFeaturizer.Note(_ml, ngramLength);

    /// <summary>ModalityMask, a copy of ModalityPresent under the name later models read.</summary>
    public CheckedEstimator ModalityMask() => PatientFeaturizer.Mask(_ml);

    /// <summary>
    /// The DT-SMDRL agent: meta-learned, CVaR-constrained PPO over the patients' personalised twins, adapted per
    /// patient at transform time behind the safety shield (<see cref="Agent.MlNet.MetaPpoEstimator"/>).
    /// </summary>
    public Agent.MlNet.MetaPpoEstimator MetaPpo(Agent.MlNet.MetaPpoEstimatorOptions? options = null, IProgress<string>? progress = null) =>
        new(options ?? new Agent.MlNet.MetaPpoEstimatorOptions(), progress);

    /// <summary>The multimodal fusion transformer (TorchSharp) on the featuriser's output; see <see cref="FusionTransformerEstimator"/>.</summary>
    public FusionTransformerEstimator FuseModalities(FusionTransformerOptions options) => new(_ml, options);

    /// <summary>The fusion transformer with default columns and the most used settings as named arguments.</summary>
    public FusionTransformerEstimator FuseModalities(int epochs = 30, int mcPasses = 20, double modalityDropout = 0.15, long seed = 1) =>
        new(_ml, new FusionTransformerOptions
        {
            Model = new FusionOptions { Epochs = epochs, ModalityDropout = modalityDropout, Seed = seed },
            McPasses = mcPasses,
            McSeed = seed,
        });
}
