namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// Diagnostics of one PPO update (CleanRL's logged quantities plus the constraint). Losses, entropy, KL and clip
/// fraction are means over the update's minibatches; episode statistics cover the episodes that finished during
/// the update's rollout (NaN when none did).
/// </summary>
public sealed record PpoProgress
{
    /// <summary>1-based update number.</summary>
    public required int Update { get; init; }
    /// <summary>Updates in the whole run.</summary>
    public required int TotalUpdates { get; init; }
    /// <summary>Environment steps so far, over all environments.</summary>
    public required long GlobalStep { get; init; }
    /// <summary>Episodes finished in this rollout.</summary>
    public required int Episodes { get; init; }
    /// <summary>Mean undiscounted episode return.</summary>
    public required double MeanEpisodeReturn { get; init; }
    /// <summary>Mean episode toxicity cost.</summary>
    public required double MeanEpisodeCost { get; init; }
    /// <summary>The constrained cost measure (mean or grouped CVaR) fed to the multiplier.</summary>
    public required double ConstrainedCost { get; init; }
    /// <summary>Lagrange multiplier used in this update's policy loss.</summary>
    public required double Lambda { get; init; }
    /// <summary>Learning rate of this update.</summary>
    public required double LearningRate { get; init; }
    /// <summary>Clipped surrogate loss.</summary>
    public required double PolicyLoss { get; init; }
    /// <summary>Reward value loss.</summary>
    public required double ValueLoss { get; init; }
    /// <summary>Cost value loss.</summary>
    public required double CostValueLoss { get; init; }
    /// <summary>Mean policy entropy (nats).</summary>
    public required double Entropy { get; init; }
    /// <summary>Approximate KL(old || new), the (r - 1) - log r estimator.</summary>
    public required double ApproxKl { get; init; }
    /// <summary>Share of samples whose ratio was clipped.</summary>
    public required double ClipFraction { get; init; }
    /// <summary>1 - Var(returns - values) / Var(returns) of the reward critic on the rollout.</summary>
    public required double ExplainedVariance { get; init; }
    /// <summary>Environment steps per second of this update (rollout and optimisation).</summary>
    public required double StepsPerSecond { get; init; }

    /// <summary>Wall-clock seconds of the rollout (environment steps and the per-step forwards).</summary>
    public required double RolloutSeconds { get; init; }
    /// <summary>Wall-clock seconds of the minibatch epochs.</summary>
    public required double OptimizeSeconds { get; init; }
    /// <summary>Gradient steps (minibatches) taken in this update.</summary>
    public required int GradientSteps { get; init; }

    /// <summary>CSV header matching <see cref="ToCsvRow"/>.</summary>
    public const string CsvHeader = "update,total_updates,global_step,episodes,mean_episode_return,mean_episode_cost,constrained_cost,lambda,learning_rate,policy_loss,value_loss,cost_value_loss,entropy,approx_kl,clip_fraction,explained_variance,steps_per_second,rollout_seconds,optimize_seconds,gradient_steps";

    /// <summary>One CSV row (invariant culture, round-trip doubles).</summary>
    public string ToCsvRow() => string.Join(',',
        Update.ToString(System.Globalization.CultureInfo.InvariantCulture),
        TotalUpdates.ToString(System.Globalization.CultureInfo.InvariantCulture),
        GlobalStep.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Episodes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        F(MeanEpisodeReturn), F(MeanEpisodeCost), F(ConstrainedCost), F(Lambda), F(LearningRate), F(PolicyLoss), F(ValueLoss),
        F(CostValueLoss), F(Entropy), F(ApproxKl), F(ClipFraction), F(ExplainedVariance), F(StepsPerSecond), F(RolloutSeconds), F(OptimizeSeconds),
        GradientSteps.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A one-line console summary.</summary>
    public override string ToString() =>
        $"update {Update}/{TotalUpdates} step {GlobalStep}: return {MeanEpisodeReturn:F3} cost {MeanEpisodeCost:F3} (constrained {ConstrainedCost:F3}, lambda {Lambda:F3}) " +
        $"pg {PolicyLoss:F4} v {ValueLoss:F4} vc {CostValueLoss:F4} ent {Entropy:F3} kl {ApproxKl:F4} clip {ClipFraction:F3} ev {ExplainedVariance:F3} {StepsPerSecond:F0} steps/s";

    private static string F(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
