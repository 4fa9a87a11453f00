namespace DtSmdrl.Pipeline.Fusion;

/// <summary>One training epoch: mean training loss (with dropout and modality dropout), validation loss (deterministic; NaN
/// without a validation set) and wall-clock seconds.</summary>
public sealed record FusionEpochLog(int Epoch, double TrainLoss, double ValidationLoss, double Seconds);
