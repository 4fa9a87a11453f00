using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DtSmdrl.Pipeline.Fusion;

/// <summary>
/// Multimodal fusion transformer: per-modality FT-Transformer tokenizers plus a learned modality embedding, a [CLS]
/// token, pre-norm layers attending across all tokens of all present modalities, and heads on [CLS] for the
/// twin-parameter prior (mean, log-spread per latent) and per-regimen response and toxicity logits.
/// </summary>
/// <remarks>
/// Tokens of absent modalities are masked out of every attention (weight exactly 0), and their inputs are zeroed
/// before tokenizing, so their values can never reach an output. During training a present modality can be dropped
/// as a whole (<see cref="FusionOptions.ModalityDropout"/>), never all of a patient's modalities.
/// Initialisation draws from torch's global generator: seed it (TorchSetup.Configure) before construction.
/// </remarks>
public sealed class FusionTransformerModel : nn.Module
{
    /// <summary>Bound on the predicted log standard deviation, so the Gaussian NLL cannot diverge early in training.</summary>
    public const double MaxAbsLogSpread = 7.0;

    private readonly ModuleList<FeatureTokenizer> _tokenizers;
    private readonly Parameter _modalityEmbedding;
    private readonly Parameter _cls;
    private readonly ModuleList<FusionAttentionLayer> _layers;
    private readonly LayerNorm _finalNorm;
    private readonly Linear _latentHead;
    private readonly Linear _responseHead;
    private readonly Linear _toxicityHead;

    /// <summary>Builds the model for an architecture and options (validated here).</summary>
    public FusionTransformerModel(FusionArchitecture architecture, FusionOptions options) : base(nameof(FusionTransformerModel))
    {
        architecture.Validate();
        options.Validate();
        Architecture = architecture;
        Options = options;
        var d = options.ModelDimension;
        _tokenizers = new ModuleList<FeatureTokenizer>(
            architecture.Modalities.Select((m, i) => new FeatureTokenizer($"tokenizer{i}", m.FeatureCount, d)).ToArray());
        var bound = 1.0 / Math.Sqrt(d);
        _modalityEmbedding = new Parameter(rand(architecture.Modalities.Count, d) * (2 * bound) - bound);
        _cls = new Parameter(rand(d) * (2 * bound) - bound);
        _layers = new ModuleList<FusionAttentionLayer>(
            Enumerable.Range(0, options.Layers)
                .Select(i => new FusionAttentionLayer($"layer{i}", d, options.Heads, options.FeedForwardMultiplier, options.Dropout)).ToArray());
        _finalNorm = nn.LayerNorm(d);
        // Heads of size 0 are legal in libtorch; keeping them avoids special cases when a task has no latents or regimens.
        _latentHead = nn.Linear(d, 2 * architecture.LatentCount);
        _responseHead = nn.Linear(d, architecture.RegimenCount);
        _toxicityHead = nn.Linear(d, architecture.RegimenCount);
        RegisterComponents();
    }

    /// <summary>Modalities and head sizes.</summary>
    public FusionArchitecture Architecture { get; }

    /// <summary>The options the model was built with (dimension, layers, heads, dropout, modality dropout).</summary>
    public FusionOptions Options { get; }

    /// <summary>Token index of each modality's first feature (token 0 is [CLS]).</summary>
    public int[] ModalityTokenOffsets()
    {
        var offsets = new int[Architecture.Modalities.Count];
        var next = 1;
        for (var m = 0; m < offsets.Length; m++)
        {
            offsets[m] = next;
            next += Architecture.Modalities[m].FeatureCount;
        }
        return offsets;
    }

    /// <summary>
    /// One forward pass. <paramref name="modalities"/>[m] is [B, F_m] (NaN = missing feature), <paramref name="present"/>
    /// is a bool [B, M]. Modality dropout is applied only when <paramref name="applyModalityDropout"/> is true; ordinary
    /// dropout follows the module's training flag (which MC dropout turns on at inference).
    /// </summary>
    public FusionOutput Forward(IReadOnlyList<Tensor> modalities, Tensor present, bool applyModalityDropout)
    {
        var modalityCount = Architecture.Modalities.Count;
        if (modalities.Count != modalityCount)
            throw new ArgumentException($"Expected {modalityCount} modality tensors, got {modalities.Count}.", nameof(modalities));
        var batch = present.shape[0];
        if (applyModalityDropout && Options.ModalityDropout > 0)
            present = DropModalities(present);

        var tokenGroups = new List<Tensor>(modalityCount + 1) { _cls.view(1, 1, -1).expand(batch, 1, -1) };
        var maskGroups = new List<Tensor>(modalityCount + 1) { ones(batch, 1, dtype: ScalarType.Bool, device: present.device) };
        for (var m = 0; m < modalityCount; m++)
        {
            var isPresent = present[TensorIndex.Colon, m].unsqueeze(1);
            var values = modalities[m].masked_fill(isPresent.logical_not(), 0.0);
            var tokens = _tokenizers[m].forward(values) + _modalityEmbedding[m].view(1, 1, -1);
            tokenGroups.Add(tokens);
            maskGroups.Add(isPresent.expand(batch, Architecture.Modalities[m].FeatureCount));
        }
        var x = cat(tokenGroups, 1);
        var keyMask = cat(maskGroups, 1);

        Tensor? attention = null;
        foreach (var layer in _layers)
            (x, attention) = layer.forward(x, keyMask);

        var cls = _finalNorm.forward(x[TensorIndex.Colon, 0]);
        var latent = _latentHead.forward(cls);
        var latentCount = Architecture.LatentCount;
        var latentMean = latent[TensorIndex.Colon, TensorIndex.Slice(0, latentCount)];
        var latentLogSpread = latent[TensorIndex.Colon, TensorIndex.Slice(latentCount, 2 * latentCount)].clamp(-MaxAbsLogSpread, MaxAbsLogSpread);
        return new FusionOutput(cls, latentMean, latentLogSpread, _responseHead.forward(cls), _toxicityHead.forward(cls), attention!, keyMask);
    }

    // Drops each present modality with probability p; a patient whose every present modality was drawn keeps them all.
    private Tensor DropModalities(Tensor present)
    {
        var drawn = rand(present.shape, device: present.device).lt(Options.ModalityDropout).logical_and(present);
        var kept = present.logical_and(drawn.logical_not());
        var nothingLeft = kept.any(1, keepdim: true).logical_not();
        return kept.logical_or(present.logical_and(nothingLeft));
    }
}
