namespace DtSmdrl.Pipeline.Fusion;

/// <summary>
/// Hyperparameters of the fusion transformer and its trainer. Defaults are sized for a 2-core CPU and cohorts of a
/// few thousand patients (FT-Transformer's defaults, d=192 and 3 layers, scaled down about sixfold).
/// </summary>
public sealed record FusionOptions
{
    /// <summary>Seed of the weight initialisation, dropout, modality dropout and minibatch shuffling.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>
    /// Torch intra-op threads (process-wide); 0 keeps libtorch's default. Default 1: on the shared 2-core machine,
    /// 2 threads made an epoch of 2,000 patients about 4x slower than 1 (24 s vs 5.6 s; threads spin-wait when the
    /// cores are busy), and the batches are too small to gain from a second thread.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>"cpu", "cuda" or "cuda:N"; CUDA falls back to CPU when absent.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Token width d (must be divisible by <see cref="Heads"/>).</summary>
    public int ModelDimension { get; init; } = 32;

    /// <summary>Pre-norm transformer layers.</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Attention heads per layer.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Hidden width of the feed-forward block as a multiple of d (FT-Transformer uses 4/3 with ReGLU; 2 with GELU here).</summary>
    public int FeedForwardMultiplier { get; init; } = 2;

    /// <summary>Dropout on attention weights, the feed-forward block and residual branches; also what MC dropout samples.</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>Probability of dropping a whole present modality per patient during training (never all of them).</summary>
    public double ModalityDropout { get; init; } = 0.15;

    /// <summary>AdamW learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>AdamW decoupled weight decay.</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Maximum passes over the training set.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Patients per minibatch.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Stop after this many epochs without a lower validation loss; the best epoch's weights are kept. 0 = never stop early.</summary>
    public int EarlyStoppingPatience { get; init; } = 5;

    /// <summary>Weight of the Gaussian NLL of the latent prior head in the multi-task loss.</summary>
    public double LatentLossWeight { get; init; } = 1.0;

    /// <summary>Weight of the masked response BCE in the multi-task loss.</summary>
    public double ResponseLossWeight { get; init; } = 1.0;

    /// <summary>Weight of the masked toxicity BCE in the multi-task loss.</summary>
    public double ToxicityLossWeight { get; init; } = 1.0;

    /// <summary>Checks every field; the message names the field and its value.</summary>
    public void Validate()
    {
        static void Require(bool ok, string field, object value, string rule)
        {
            if (!ok)
                throw new ArgumentException($"FusionOptions.{field} = {value}: {rule}.");
        }
        Require(Threads >= 0, nameof(Threads), Threads, "must be 0 (libtorch default) or positive");
        Require(!string.IsNullOrWhiteSpace(Device), nameof(Device), Device ?? "null", "must be 'cpu', 'cuda' or 'cuda:N'");
        Require(ModelDimension >= 1, nameof(ModelDimension), ModelDimension, "must be >= 1");
        Require(Layers >= 1, nameof(Layers), Layers, "must be >= 1");
        Require(Heads >= 1, nameof(Heads), Heads, "must be >= 1");
        Require(ModelDimension % Math.Max(Heads, 1) == 0, nameof(ModelDimension), ModelDimension, $"must be divisible by Heads ({Heads})");
        Require(FeedForwardMultiplier >= 1, nameof(FeedForwardMultiplier), FeedForwardMultiplier, "must be >= 1");
        Require(Dropout >= 0 && Dropout < 1, nameof(Dropout), Dropout, "must be in [0, 1)");
        Require(ModalityDropout >= 0 && ModalityDropout < 1, nameof(ModalityDropout), ModalityDropout, "must be in [0, 1)");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "must be positive and finite");
        Require(WeightDecay >= 0 && double.IsFinite(WeightDecay), nameof(WeightDecay), WeightDecay, "must be >= 0 and finite");
        Require(Epochs >= 1, nameof(Epochs), Epochs, "must be >= 1");
        Require(BatchSize >= 1, nameof(BatchSize), BatchSize, "must be >= 1");
        Require(EarlyStoppingPatience >= 0, nameof(EarlyStoppingPatience), EarlyStoppingPatience, "must be >= 0");
        Require(LatentLossWeight >= 0 && double.IsFinite(LatentLossWeight), nameof(LatentLossWeight), LatentLossWeight, "must be >= 0 and finite");
        Require(ResponseLossWeight >= 0 && double.IsFinite(ResponseLossWeight), nameof(ResponseLossWeight), ResponseLossWeight, "must be >= 0 and finite");
        Require(ToxicityLossWeight >= 0 && double.IsFinite(ToxicityLossWeight), nameof(ToxicityLossWeight), ToxicityLossWeight, "must be >= 0 and finite");
    }
}
