namespace DtSmdrl.Pipeline.Fusion.Evaluation;

/// <summary>Settings of <see cref="FusionEvaluation.Run"/>; defaults keep a quick-profile cohort (750 patients) within a few minutes on 2 cores.</summary>
public sealed record FusionEvaluationOptions
{
    /// <summary>Seed of the fusion models, LightGBM, MC dropout, modality removal and twin sampling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// The fusion model's hyperparameters. Evaluation default: the core's architecture (d = 32, 2 layers, 4 heads) and 1 torch thread,
    /// with the quick cohort's few training patients (450) in mind: batches of 32 (15 steps per epoch instead of 4), learning rate
    /// 3e-3, at most 40 epochs with patience 8 (with 25 epochs at 1e-3 the validation loss was still falling at the last epoch).
    /// </summary>
    public FusionOptions Model { get; init; } = new() { Epochs = 40, EarlyStoppingPatience = 8, BatchSize = 32, LearningRate = 3e-3, Threads = 1 };

    /// <summary>MC-dropout passes at test time.</summary>
    public int McPasses { get; init; } = 20;

    /// <summary>Probability that each present modality of a test patient is removed in the robustness condition.</summary>
    public double RemovedModalityFraction { get; init; } = 0.3;

    /// <summary>Twins drawn per test patient and prior for the parameter-space CRPS.</summary>
    public int TwinSamples { get; init; } = 200;

    /// <summary>LightGBM boosting iterations (binary per regimen and regression per latent).</summary>
    public int LightGbmIterations { get; init; } = 100;

    /// <summary>LightGBM leaves per tree.</summary>
    public int LightGbmLeaves { get; init; } = 8;

    /// <summary>LightGBM minimum examples per leaf (the smaller regimens have a few dozen training patients).</summary>
    public int LightGbmMinLeaf { get; init; } = 10;

    public void Validate()
    {
        Model.Validate();
        if (McPasses < 1) throw new ArgumentOutOfRangeException(nameof(McPasses), McPasses, "Need at least one MC pass.");
        if (RemovedModalityFraction is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(RemovedModalityFraction), RemovedModalityFraction, "Must be in [0, 1].");
        if (TwinSamples < 2) throw new ArgumentOutOfRangeException(nameof(TwinSamples), TwinSamples, "Need at least two twins per patient.");
        if (LightGbmIterations < 1 || LightGbmLeaves < 2 || LightGbmMinLeaf < 1)
            throw new ArgumentOutOfRangeException(nameof(LightGbmIterations), "LightGBM needs iterations >= 1, leaves >= 2, min leaf >= 1.");
    }
}
