namespace DtSmdrl.Pipeline.Benchmarks.Zhao;

/// <summary>The learned policy against one constant-dose regimen on the same patients (paired, common random numbers).</summary>
/// <param name="Regimen">The constant-dose regimen.</param>
/// <param name="RewardDifference">Mean over patients of (policy total reward - regimen total reward).</param>
/// <param name="DifferenceCiLow">Lower end of the 95% normal interval of the paired difference.</param>
/// <param name="DifferenceCiHigh">Upper end of the 95% normal interval of the paired difference.</param>
/// <param name="SurvivalDifference">Policy survival share minus the regimen's.</param>
/// <param name="BeatsInReward">The policy's mean reward is higher.</param>
/// <param name="BeatsInSurvival">The policy's survival share is higher.</param>
public sealed record ZhaoComparison(
    ZhaoRegimenResult Regimen,
    double RewardDifference,
    double DifferenceCiLow,
    double DifferenceCiHigh,
    double SurvivalDifference,
    bool BeatsInReward,
    bool BeatsInSurvival);

/// <summary>Training throughput of the benchmark's PPO run.</summary>
/// <param name="EnvSteps">Environment steps trained on (all slots).</param>
/// <param name="Updates">PPO iterations (rollout plus minibatch epochs).</param>
/// <param name="GradientSteps">Minibatch gradient steps.</param>
/// <param name="Seconds">Wall-clock seconds of training.</param>
/// <param name="EnvStepsPerSecond">Env steps per second of the whole training (rollout and optimisation).</param>
/// <param name="RolloutEnvStepsPerSecond">Env steps per second of the rollouts alone (env plus one forward per step).</param>
/// <param name="GradientUpdatesPerSecond">Gradient steps per second of the optimisation phases.</param>
/// <param name="TorchThreads">torch intra-op threads.</param>
/// <param name="FinalTrainingReturn">Mean episode return (scaled reward, sampled actions) of the last update's rollout.</param>
public sealed record ZhaoTrainingStats(
    long EnvSteps,
    int Updates,
    int GradientSteps,
    double Seconds,
    double EnvStepsPerSecond,
    double RolloutEnvStepsPerSecond,
    double GradientUpdatesPerSecond,
    int TorchThreads,
    double FinalTrainingReturn);

/// <summary>Result of <see cref="ZhaoBenchmark.Run"/>: the table rows, the paired comparisons and the training throughput.</summary>
/// <param name="Policy">The greedy learned policy.</param>
/// <param name="ConstantDoses">Constant doses 0.0, 0.1, ..., 1.0 (0.0 for reference).</param>
/// <param name="Comparisons">The policy against each constant dose, in the same order.</param>
/// <param name="Oracle">The per-patient optimal dose sequences (<see cref="ZhaoOracle"/>), when evaluated.</param>
/// <param name="OracleComparison">The policy against the oracle, when evaluated.</param>
/// <param name="OracleSeconds">Wall-clock seconds of the oracle search (0 when not evaluated).</param>
/// <param name="Training">Training throughput.</param>
/// <param name="TotalSeconds">Wall-clock seconds of training and evaluation.</param>
public sealed record ZhaoBenchmarkResult(
    ZhaoRegimenResult Policy,
    IReadOnlyList<ZhaoRegimenResult> ConstantDoses,
    IReadOnlyList<ZhaoComparison> Comparisons,
    ZhaoRegimenResult? Oracle,
    ZhaoComparison? OracleComparison,
    double OracleSeconds,
    ZhaoTrainingStats Training,
    double TotalSeconds)
{
    /// <summary>The regimens the benchmark requires the policy to beat: constant doses 0.1 to 1.0.</summary>
    public IEnumerable<ZhaoComparison> Required => Comparisons.Where(c => c.Regimen.Regimen != ZhaoBenchmark.RegimenName(0));

    /// <summary>The policy beats every constant dose 0.1..1.0 in mean reward and in survival.</summary>
    public bool PolicyBeatsEveryConstantDose => Required.All(c => c.BeatsInReward && c.BeatsInSurvival);
}
