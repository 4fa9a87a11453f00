namespace DtSmdrl.Pipeline.Fusion;

/// <summary>One patient as the fusion model sees it: plain float arrays, NaN = missing.</summary>
/// <param name="Modalities">Per modality (in spec order) its feature values; NaN marks a missing feature inside a present modality.
/// The values of an absent modality are ignored (any length-correct array, e.g. all NaN).</param>
/// <param name="Present">Per modality whether it was measured; absent modalities are masked out of attention.</param>
/// <param name="LatentTargets">Targets of the L twin-parameter latents; NaN = unknown (ignored by the loss).</param>
/// <param name="ResponseTargets">Per regimen 1/0 response; NaN = unobserved (usually all but the given regimen).</param>
/// <param name="ToxicityTargets">Per regimen 1/0 toxicity; NaN = unobserved.</param>
public sealed record FusionExample(float[][] Modalities, bool[] Present, float[] LatentTargets, float[] ResponseTargets, float[] ToxicityTargets);
