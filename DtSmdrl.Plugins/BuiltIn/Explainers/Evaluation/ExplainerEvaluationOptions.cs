namespace DtSmdrl.Plugins.BuiltIn.Explainers.Evaluation;

/// <summary>Options of <see cref="ExplainerEvaluation"/>, one documented default per field (sized for a ~5 min run on 2 cores).</summary>
public sealed record ExplainerEvaluationOptions
{
    /// <summary>First training seed; models are trained with seeds Seed, Seed + 1, ...</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Training seeds per model (attribution consistency needs at least 2). Default 3, as metrics.md asks for learned methods.</summary>
    public int Seeds { get; init; } = 3;

    /// <summary>Test patients explained (the first ones of the test split, in cohort order). Default 12.</summary>
    public int ExplainedPatients { get; init; } = 12;

    /// <summary>Training patients in the background set (evenly spaced over the training split, the same for every seed). Default 12.</summary>
    public int BackgroundPatients { get; init; } = 12;

    /// <summary>KernelSHAP coalitions per patient. Default 128.</summary>
    public int Samples { get; init; } = 128;

    /// <summary>Integrated-gradients steps. Default 32.</summary>
    public int Steps { get; init; } = 32;

    /// <summary>Permutations per slot of ML.NET's PFI. Default 2.</summary>
    public int Permutations { get; init; } = 2;

    /// <summary>Bootstrap resamples of KernelSHAP's standard errors. Default 20.</summary>
    public int Bootstrap { get; init; } = 20;

    /// <summary>Maximum epochs of the fusion model. Default 25 (early stopping on the validation split).</summary>
    public int FusionEpochs { get; init; } = 25;

    /// <summary>PPO environment steps per seed for the explained policy. Default 60,000 (half the study arm's, to keep the run short).</summary>
    public int PolicySteps { get; init; } = 60_000;

    /// <summary>MC-dropout passes for the fusion model's calibration. Default 20.</summary>
    public int McPasses { get; init; } = 20;

    /// <summary>Checks every field; the message names it.</summary>
    public void Validate()
    {
        if (Seeds < 2) throw new ArgumentOutOfRangeException(nameof(Seeds), Seeds, "Attribution consistency needs at least 2 seeds.");
        if (ExplainedPatients < 2) throw new ArgumentOutOfRangeException(nameof(ExplainedPatients), ExplainedPatients, "Explain at least 2 patients.");
        if (BackgroundPatients < 1) throw new ArgumentOutOfRangeException(nameof(BackgroundPatients), BackgroundPatients, "Need at least one background patient.");
        if (FusionEpochs < 1) throw new ArgumentOutOfRangeException(nameof(FusionEpochs), FusionEpochs, "Need at least one epoch.");
        if (PolicySteps < 1000) throw new ArgumentOutOfRangeException(nameof(PolicySteps), PolicySteps, "Train the policy for at least 1,000 steps.");
        if (McPasses < 2) throw new ArgumentOutOfRangeException(nameof(McPasses), McPasses, "MC dropout needs at least 2 passes.");
        new Contracts.Explainers.ExplainerOptions(Seed, Samples, Steps, Permutations, Bootstrap).Validate();
    }
}
