using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Fusion.MlNet;

/// <summary>Names of the columns the fusion transformer adds (all Vector&lt;Single&gt; of known size).</summary>
public static class FusionColumns
{
    /// <summary>[CLS] representation, size d (deterministic pass).</summary>
    public const string PatientEmbedding = "PatientEmbedding";

    /// <summary>Mean of each twin latent's prior (TwinPrior z coordinates), size L.</summary>
    public const string TwinLatentMean = "TwinLatentMean";

    /// <summary>Standard deviation of each twin latent's prior, size L: the predicted spread combined with the MC-dropout spread of the mean.</summary>
    public const string TwinLatentSpread = "TwinLatentSpread";

    /// <summary>Per-regimen response probability (MC mean), size R.</summary>
    public const string ResponseProbability = "ResponseProbability";

    /// <summary>MC-dropout standard deviation of <see cref="ResponseProbability"/>, size R.</summary>
    public const string ResponseProbabilityStd = "ResponseProbabilityStd";

    /// <summary>Per-regimen toxicity probability (MC mean), size R.</summary>
    public const string ToxicityProbability = "ToxicityProbability";

    /// <summary>MC-dropout standard deviation of <see cref="ToxicityProbability"/>, size R.</summary>
    public const string ToxicityProbabilityStd = "ToxicityProbabilityStd";

    /// <summary>[CLS]-to-modality attention mass of the last layer, size M (0 for absent modalities, sums to 1).</summary>
    public const string ModalityAttention = "ModalityAttention";

    /// <summary>Default label column of the latent targets (Vector&lt;Single, L&gt;, NaN = unknown).</summary>
    public const string LatentTargets = "LatentTargets";

    /// <summary>Default label column of the per-regimen response targets (Vector&lt;Single, R&gt;: 1, 0 or NaN = unobserved).</summary>
    public const string ResponseTargets = "ResponseTargets";

    /// <summary>Default label column of the per-regimen toxicity targets (Vector&lt;Single, R&gt;: 1, 0 or NaN = unobserved).</summary>
    public const string ToxicityTargets = "ToxicityTargets";
}
