namespace DtSmdrl.Pipeline.Fusion;

/// <summary>
/// The fusion model's output for one patient. Head values are means over the MC-dropout passes and the *Std fields
/// their standard deviation across passes (epistemic spread; 0 with no MC passes, where the deterministic pass is used).
/// </summary>
/// <param name="Embedding">[CLS] representation from the deterministic (no-dropout) pass, length d.</param>
/// <param name="LatentMean">Prior mean of each twin latent.</param>
/// <param name="LatentMeanStd">MC standard deviation of <paramref name="LatentMean"/>.</param>
/// <param name="LatentSpread">Predicted prior standard deviation exp(log-spread) of each latent (aleatoric).</param>
/// <param name="LatentSpreadStd">MC standard deviation of <paramref name="LatentSpread"/>.</param>
/// <param name="ResponseProbability">Per-regimen response probability.</param>
/// <param name="ResponseProbabilityStd">MC standard deviation of <paramref name="ResponseProbability"/>.</param>
/// <param name="ToxicityProbability">Per-regimen toxicity probability.</param>
/// <param name="ToxicityProbabilityStd">MC standard deviation of <paramref name="ToxicityProbability"/>.</param>
/// <param name="ModalityAttention">Per modality the [CLS]-to-modality attention mass of the last layer (deterministic pass,
/// mean over heads), normalised to sum 1 over present modalities; exactly 0 for absent ones.</param>
public sealed record FusionPrediction(
    float[] Embedding,
    float[] LatentMean,
    float[] LatentMeanStd,
    float[] LatentSpread,
    float[] LatentSpreadStd,
    float[] ResponseProbability,
    float[] ResponseProbabilityStd,
    float[] ToxicityProbability,
    float[] ToxicityProbabilityStd,
    float[] ModalityAttention);
