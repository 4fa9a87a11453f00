namespace DtSmdrl.Pipeline.Fusion;

/// <summary>The trained model (weights of the best validation epoch) and the per-epoch log.</summary>
/// <param name="Model">The model, in eval mode; the caller owns and disposes it.</param>
/// <param name="Epochs">Every epoch run, in order.</param>
/// <param name="BestEpoch">The 1-based epoch whose weights the model holds (the last one without a validation set).</param>
/// <param name="StoppedEarly">Whether early stopping ended training before <see cref="FusionOptions.Epochs"/>.</param>
public sealed record FusionTrainingResult(FusionTransformerModel Model, IReadOnlyList<FusionEpochLog> Epochs, int BestEpoch, bool StoppedEarly);
