using static TorchSharp.torch;

namespace DtSmdrl.Pipeline.Fusion;

/// <summary>What one forward pass of <see cref="FusionTransformerModel"/> returns (all tensors have batch size B first).</summary>
/// <param name="Cls">The [CLS] representation after the final layer norm, [B, d].</param>
/// <param name="LatentMean">Prior mean of each twin latent, [B, L].</param>
/// <param name="LatentLogSpread">Prior log standard deviation of each twin latent, [B, L].</param>
/// <param name="ResponseLogits">Per-regimen response logits, [B, R].</param>
/// <param name="ToxicityLogits">Per-regimen toxicity logits, [B, R].</param>
/// <param name="Attention">Last layer's attention weights [B, H, T, T], token 0 = [CLS], then the features in modality order.</param>
/// <param name="KeyMask">Tokens that could be attended to [B, T] (present and not dropped modalities, plus [CLS]).</param>
public sealed record FusionOutput(Tensor Cls, Tensor LatentMean, Tensor LatentLogSpread, Tensor ResponseLogits, Tensor ToxicityLogits, Tensor Attention, Tensor KeyMask);
