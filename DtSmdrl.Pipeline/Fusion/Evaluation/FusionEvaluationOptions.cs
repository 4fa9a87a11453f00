namespace DtSmdrl.Pipeline.Fusion.Evaluation;

/// <summary>Settings of <see cref="FusionEvaluation.Run"/>; defaults keep a quick-profile cohort (750 patients) within a few minutes on 2 cores.</summary>
public sealed record FusionEvaluationOptions
{
    /// <summary>Seed of the fusion models, LightGBM, MC dropout, modality removal and twin sampling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// The fusion model's hyperparameters. Evaluation default: 25 epochs at most with patience 5 (the quick cohort's 450 training
    /// patients are few: batches of 32 give 15 steps per epoch instead of 4), the core's default architecture (d = 32, 2 layers, 4 heads), 1 torch thread.
    /// </summary>
    public FusionOptions Model { get; init; } = new() { Epochs = 25, EarlyStoppingPatience = 5, BatchSize = 32, Threads = 1 };

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
