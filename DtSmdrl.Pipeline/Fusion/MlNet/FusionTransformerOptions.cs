using DtSmdrl.Pipeline.Preprocessing;

namespace DtSmdrl.Pipeline.Fusion.MlNet;

/// <summary>
/// Options of <see cref="FusionTransformerEstimator"/>: which columns feed the model, which hold the labels, the model's
/// hyperparameters (<see cref="FusionOptions"/>) and the MC-dropout settings used by the fitted transformer.
/// </summary>
public sealed record FusionTransformerOptions
{
    /// <summary>
    /// The featuriser's blocks without the note: ClinicalFeatures (4 values), LabFeatures (10), OmicsFeatures (25), ImagingFeatures (11),
    /// SignalFeatures (16), HistoryFeatures (4) with mask slots 0-5, missing indicators folded into the values (78 tokens instead of 148
    /// with the featuriser's default dictionaries). NoteFeatures is left out by default because its size is the n-gram dictionary
    /// (hundreds of slots, one token each); list it (mask slot 6, ValueSlots 0) to use it.
    /// </summary>
    public static IReadOnlyList<FusionInputModality> DefaultModalities { get; } =
    [
        new(PatientFeaturizer.ClinicalFeatures, 0, 4), new(PatientFeaturizer.LabFeatures, 1, 10), new(PatientFeaturizer.OmicsFeatures, 2, 25),
        new(PatientFeaturizer.ImagingFeatures, 3, 11), new(PatientFeaturizer.SignalFeatures, 4, 16), new(PatientFeaturizer.HistoryFeatures, 5, 4),
    ];

    /// <summary>Model and trainer hyperparameters.</summary>
    public FusionOptions Model { get; init; } = new();

    /// <summary>Input modalities in token order.</summary>
    public IReadOnlyList<FusionInputModality> Modalities { get; init; } = DefaultModalities;

    /// <summary>Vector&lt;Single&gt; column with one presence flag per modality slot (1 = present).</summary>
    public string ModalityMaskColumn { get; init; } = PatientFeaturizer.ModalityMask;

    /// <summary>Label column of the latent targets, Vector&lt;Single, L&gt;, NaN = unknown; null = no latent head. Read by Fit only.</summary>
    public string? LatentTargetColumn { get; init; } = FusionColumns.LatentTargets;

    /// <summary>Label column of the response targets, Vector&lt;Single, R&gt;, NaN = unobserved; null (with toxicity) = no regimen heads. Read by Fit only.</summary>
    public string? ResponseTargetColumn { get; init; } = FusionColumns.ResponseTargets;

    /// <summary>Label column of the toxicity targets, Vector&lt;Single, R&gt; (same R as response). Read by Fit only.</summary>
    public string? ToxicityTargetColumn { get; init; } = FusionColumns.ToxicityTargets;

    /// <summary>MC-dropout passes per patient at transform time (0 = deterministic heads, zero spread).</summary>
    public int McPasses { get; init; } = 20;

    /// <summary>Seed of the MC-dropout passes; batch k of a transform seeds torch with McSeed + k, so outputs repeat exactly.</summary>
    public long McSeed { get; init; } = 1;

    /// <summary>Patients per inference batch at transform time.</summary>
    public int InferenceBatchSize { get; init; } = FusionPredictor.DefaultBatchSize;

    /// <summary>Checks every field; the message names the field.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Model, nameof(Model));
        Model.Validate();
        if (Modalities is null || Modalities.Count == 0)
            throw new ArgumentException("FusionTransformerOptions.Modalities: at least one modality column is required.");
        for (var i = 0; i < Modalities.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Modalities[i]?.Column))
                throw new ArgumentException($"FusionTransformerOptions.Modalities[{i}].Column is empty.");
            if (Modalities[i].MaskSlot < 0)
                throw new ArgumentException($"FusionTransformerOptions.Modalities[{i}] ('{Modalities[i].Column}').MaskSlot = {Modalities[i].MaskSlot} must be >= 0.");
        }
        var duplicate = Modalities.GroupBy(m => m.Column, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"FusionTransformerOptions.Modalities: column '{duplicate.Key}' appears {duplicate.Count()} times.");
        if (string.IsNullOrWhiteSpace(ModalityMaskColumn))
            throw new ArgumentException("FusionTransformerOptions.ModalityMaskColumn is empty.");
        if ((ResponseTargetColumn is null) != (ToxicityTargetColumn is null))
            throw new ArgumentException("FusionTransformerOptions: ResponseTargetColumn and ToxicityTargetColumn must both be set or both be null (they share the regimen count).");
        if (LatentTargetColumn is null && ResponseTargetColumn is null)
            throw new ArgumentException("FusionTransformerOptions: no label column is set (LatentTargetColumn, ResponseTargetColumn), so there is nothing to train.");
        if (McPasses < 0)
            throw new ArgumentException($"FusionTransformerOptions.McPasses = {McPasses} must be >= 0.");
        if (InferenceBatchSize < 1)
            throw new ArgumentException($"FusionTransformerOptions.InferenceBatchSize = {InferenceBatchSize} must be >= 1.");
    }
}
