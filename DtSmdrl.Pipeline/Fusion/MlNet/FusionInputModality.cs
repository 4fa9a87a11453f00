namespace DtSmdrl.Pipeline.Fusion.MlNet;

/// <summary>One input modality of the fusion estimator: a feature column and the slot of the modality mask that says whether it is present.</summary>
/// <param name="Column">A Vector&lt;Single&gt; column of known size, e.g. "LabFeatures"; each slot becomes one token.</param>
/// <param name="MaskSlot">Index into the modality mask column (1 = present, 0 = absent), e.g. 1 for labs.</param>
public sealed record FusionInputModality(string Column, int MaskSlot);
