using static TorchSharp.torch;

namespace DtSmdrl.Pipeline.Fusion;

/// <summary>
/// The multi-task loss: w_latent * Gaussian NLL of the latent prior + w_response * BCE(response) + w_toxicity * BCE(toxicity).
/// Each term is averaged over its observed (non-NaN) targets only; a term with no observed target in the batch is 0.
/// The NLL includes the 0.5*log(2*pi) constant, so it is the exact negative log density per observed latent.
/// </summary>
internal static class FusionLoss
{
    public static Tensor Compute(FusionOutput output, FusionBatch batch, FusionOptions options)
    {
        var latent = GaussianNll(output.LatentMean, output.LatentLogSpread, batch.LatentTargets);
        var response = MaskedBce(output.ResponseLogits, batch.ResponseTargets);
        var toxicity = MaskedBce(output.ToxicityLogits, batch.ToxicityTargets);
        return latent * options.LatentLossWeight + response * options.ResponseLossWeight + toxicity * options.ToxicityLossWeight;
    }

    /// <summary>Mean over observed targets of 0.5*((y-mu)/sigma)^2 + log sigma + 0.5*log(2*pi).</summary>
    public static Tensor GaussianNll(Tensor mean, Tensor logSpread, Tensor targets)
    {
        var observed = targets.isnan().logical_not();
        var y = targets.nan_to_num(0.0);
        var z = (y - mean) * exp(-logSpread);
        var perTarget = 0.5 * z * z + logSpread + 0.5 * Math.Log(2 * Math.PI);
        return MaskedMean(perTarget, observed);
    }

    /// <summary>Mean over observed targets of the binary cross-entropy with logits.</summary>
    public static Tensor MaskedBce(Tensor logits, Tensor targets)
    {
        var observed = targets.isnan().logical_not();
        var perTarget = nn.functional.binary_cross_entropy_with_logits(logits, targets.nan_to_num(0.0), reduction: nn.Reduction.None);
        return MaskedMean(perTarget, observed);
    }

    // where() rather than multiplication, so a non-finite term at an unobserved target cannot turn the sum into NaN.
    private static Tensor MaskedMean(Tensor perTarget, Tensor observed) =>
        where(observed, perTarget, zeros_like(perTarget)).sum() / observed.sum().clamp_min(1).to_type(perTarget.dtype);
}
