namespace DtSmdrl.Plugins.Contracts.Causal;

/// <summary>Family of ML.NET learner used for a nuisance or final-stage model.</summary>
public enum LearnerKind
{
    /// <summary>Linear: ML.NET L-BFGS logistic regression (binary) or least squares (continuous).</summary>
    Linear,
    /// <summary>Gradient-boosted trees (ML.NET FastTree).</summary>
    BoostedTrees,
}

/// <summary>Settings of an effect estimation. Every default is the one the `causal estimate` command uses.</summary>
public sealed record CausalOptions
{
    /// <summary>Master seed: fold assignment, bootstrap resamples and refutations all derive from it.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Cross-fitting folds K: nuisance models are fitted on K-1 folds and predict the held-out fold.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Bootstrap resamples for the percentile interval (each re-fits every model); 0 turns it off.</summary>
    public int BootstrapResamples { get; init; } = 200;

    /// <summary>Propensity scores are clipped to [Trim, 1 - Trim] before weighting.</summary>
    public double PropensityTrim { get; init; } = 0.01;

    /// <summary>Learner of the propensity model e(x) = P(T = 1 | x).</summary>
    public LearnerKind PropensityLearner { get; init; } = LearnerKind.Linear;

    /// <summary>Learner of the outcome models mu0(x), mu1(x) (one per arm).</summary>
    public LearnerKind OutcomeLearner { get; init; } = LearnerKind.Linear;

    /// <summary>Learner of the DR-learner's final stage (pseudo-outcome regressed on covariates).</summary>
    public LearnerKind CateLearner { get; init; } = LearnerKind.BoostedTrees;

    /// <summary>Run the refutation checks (placebo treatment, random common cause, data subsets).</summary>
    public bool Refute { get; init; } = true;

    /// <summary>Number of random subsets in the data-subset refutation.</summary>
    public int SubsetRefutations { get; init; } = 5;

    /// <summary>Share of rows kept in each data-subset refutation.</summary>
    public double SubsetFraction { get; init; } = 0.8;

    /// <summary>Censoring probabilities G are raised to at least this before weighting by 1/G (time-to-event outcomes).</summary>
    public double CensoringWeightClip { get; init; } = 0.05;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Folds < 2) throw new ArgumentException($"CausalOptions.Folds must be at least 2, got {Folds}.");
        if (BootstrapResamples < 0) throw new ArgumentException($"CausalOptions.BootstrapResamples must be 0 or more, got {BootstrapResamples}.");
        if (BootstrapResamples is > 0 and < 10) throw new ArgumentException($"CausalOptions.BootstrapResamples must be 0 (off) or at least 10 for a percentile interval, got {BootstrapResamples}.");
        if (!(PropensityTrim >= 0 && PropensityTrim < 0.5)) throw new ArgumentException($"CausalOptions.PropensityTrim must be in [0, 0.5), got {PropensityTrim}.");
        if (!(CensoringWeightClip > 0 && CensoringWeightClip < 1)) throw new ArgumentException($"CausalOptions.CensoringWeightClip must be in (0, 1), got {CensoringWeightClip}.");
        if (SubsetRefutations < 1) throw new ArgumentException($"CausalOptions.SubsetRefutations must be at least 1, got {SubsetRefutations}.");
        if (!(SubsetFraction > 0 && SubsetFraction < 1)) throw new ArgumentException($"CausalOptions.SubsetFraction must be in (0, 1), got {SubsetFraction}.");
    }
}
