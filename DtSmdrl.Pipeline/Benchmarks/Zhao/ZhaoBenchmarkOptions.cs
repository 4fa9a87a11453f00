using DtSmdrl.Pipeline.Agent;

namespace DtSmdrl.Pipeline.Benchmarks.Zhao;

/// <summary>Settings of the Zhao 2009 benchmark: PPO training on <see cref="ZhaoVectorEnv"/> and the evaluation cohort.</summary>
public sealed record ZhaoBenchmarkOptions
{
    /// <summary>Virtual patients in the evaluation cohort (the paper: 1,000).</summary>
    public int Patients { get; init; } = 1000;

    /// <summary>Seed of the evaluation cohort (W0, M0 and death draws); distinct from the training seed, so the cohort is unseen.</summary>
    public long EvaluationSeed { get; init; } = 2009;

    /// <summary>Patients treated together during training.</summary>
    public int NumEnvs { get; init; } = 64;

    /// <summary>
    /// Factor on the model's reward during training only (the evaluation reports the model's reward). The model's
    /// rewards are -60..+20 per month; 0.05 brings episode returns to O(1), the scale PPO's value clipping (0.2)
    /// and its default learning rate assume.
    /// </summary>
    public double TrainingRewardScale { get; init; } = 0.05;

    /// <summary>Also evaluate the per-patient optimal dose sequence (<see cref="ZhaoOracle"/>) as an upper reference.</summary>
    public bool IncludeOracle { get; init; } = true;

    /// <summary>torch intra-op threads during training (restored afterwards). One thread is as fast for this small network and leaves the other core free.</summary>
    public int TorchThreads { get; init; } = 1;

    /// <summary>
    /// PPO hyperparameters. Differences from <see cref="PpoOptions"/>' defaults: gamma = 1 (the benchmark scores the
    /// undiscounted total over a fixed 6-month course, and the month is in the observation), 24 steps per rollout
    /// (four 6-month courses), 300k steps, no cost constraint (the benchmark has none).
    /// </summary>
    public PpoOptions Ppo { get; init; } = new()
    {
        Seed = 1,
        TotalSteps = 300_000,
        NumSteps = 24,
        Gamma = 1.0,
        GaeLambda = 0.95,
        LearningRate = 1e-3,
        UseCostConstraint = false,
    };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        static void Require(bool ok, string field, object value, string rule)
        {
            if (!ok)
                throw new ArgumentException($"ZhaoBenchmarkOptions.{field} = {value} is invalid: {rule}.");
        }
        Require(Patients > 0, nameof(Patients), Patients, "must be positive");
        Require(NumEnvs > 0, nameof(NumEnvs), NumEnvs, "must be positive");
        Require(TrainingRewardScale > 0 && double.IsFinite(TrainingRewardScale), nameof(TrainingRewardScale), TrainingRewardScale, "must be a finite number > 0");
        Require(TorchThreads > 0, nameof(TorchThreads), TorchThreads, "must be positive");
        ArgumentNullException.ThrowIfNull(Ppo);
        Ppo.Validate();
    }
}
