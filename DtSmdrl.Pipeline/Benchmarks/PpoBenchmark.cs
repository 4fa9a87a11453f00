using System.Diagnostics;
using DtSmdrl.Pipeline.Agent;
using TorchSharp;

namespace DtSmdrl.Pipeline.Benchmarks;

/// <summary>Sizes of a PPO throughput measurement.</summary>
public sealed record PpoBenchmarkOptions
{
    /// <summary>Environments stepped together.</summary>
    public int NumEnvs { get; init; } = 64;
    /// <summary>Observation features.</summary>
    public int ObservationSize { get; init; } = 32;
    /// <summary>Discrete actions.</summary>
    public int ActionCount { get; init; } = 8;
    /// <summary>Hidden layer width.</summary>
    public int HiddenSize { get; init; } = 64;
    /// <summary>Hidden layers per trunk.</summary>
    public int HiddenLayers { get; init; } = 2;
    /// <summary>Rollout steps per environment per update.</summary>
    public int NumSteps { get; init; } = 32;
    /// <summary>Updates run before measuring (allocation of optimiser state, JIT).</summary>
    public int WarmupUpdates { get; init; } = 1;
    /// <summary>Updates measured per thread count.</summary>
    public int MeasuredUpdates { get; init; } = 5;
    /// <summary>Intra-op thread counts measured side by side, in this order.</summary>
    public IReadOnlyList<int> ThreadCounts { get; init; } = [1, 2];
}

/// <summary>PPO throughput at one intra-op thread count (metrics.md: PPO throughput).</summary>
/// <param name="Threads">torch intra-op threads.</param>
/// <param name="BatchSize">Samples per update (NumSteps x NumEnvs).</param>
/// <param name="MinibatchSize">Samples per gradient step.</param>
/// <param name="EnvStepsPerSecond">Environment steps per second of whole updates (rollout plus optimisation).</param>
/// <param name="RolloutEnvStepsPerSecond">Environment steps per second of the rollout alone (env plus one forward per step).</param>
/// <param name="GradientUpdatesPerSecond">Minibatch gradient steps per second of the optimisation phase.</param>
/// <param name="Seconds">Measured wall-clock seconds.</param>
public sealed record PpoBenchmarkResult(int Threads, int BatchSize, int MinibatchSize, double EnvStepsPerSecond, double RolloutEnvStepsPerSecond, double GradientUpdatesPerSecond, double Seconds);

/// <summary>Measures PPO environment steps/s and gradient updates/s for a network size and batch, per thread count.</summary>
public static class PpoBenchmark
{
    /// <summary>
    /// Runs the measurement on <paramref name="createEnv"/> (default: a <see cref="SyntheticVectorEnv"/> of the
    /// option sizes), once per thread count, each with a fresh run from the same seed. The process-wide torch
    /// thread count is restored afterwards.
    /// </summary>
    public static IReadOnlyList<PpoBenchmarkResult> Run(PpoBenchmarkOptions options, Func<IVectorEnv>? createEnv = null)
    {
        createEnv ??= () => new SyntheticVectorEnv(options.NumEnvs, options.ObservationSize, options.ActionCount);
        var previousThreads = torch.get_num_threads();
        var results = new List<PpoBenchmarkResult>();
        try
        {
            foreach (var threads in options.ThreadCounts)
            {
                torch.set_num_threads(threads);
                var env = createEnv();
                var ppoOptions = new PpoOptions
                {
                    NumSteps = options.NumSteps,
                    HiddenSize = options.HiddenSize,
                    HiddenLayers = options.HiddenLayers,
                    TotalSteps = (long)(options.WarmupUpdates + options.MeasuredUpdates) * options.NumSteps * env.NumEnvs,
                };
                using var ppo = new Ppo(env, ppoOptions) { OwnsEnvironment = true };
                for (var i = 0; i < options.WarmupUpdates; i++)
                    ppo.RunUpdate();
                double rollout = 0, optimize = 0;
                var gradientSteps = 0;
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < options.MeasuredUpdates; i++)
                {
                    var progress = ppo.RunUpdate();
                    rollout += progress.RolloutSeconds;
                    optimize += progress.OptimizeSeconds;
                    gradientSteps += progress.GradientSteps;
                }
                var seconds = watch.Elapsed.TotalSeconds;
                var batch = options.NumSteps * env.NumEnvs;
                var steps = (double)batch * options.MeasuredUpdates;
                results.Add(new PpoBenchmarkResult(threads, batch, (batch + ppoOptions.NumMinibatches - 1) / ppoOptions.NumMinibatches,
                    steps / seconds, steps / rollout, gradientSteps / optimize, seconds));
            }
        }
        finally
        {
            torch.set_num_threads(previousThreads);
        }
        return results;
    }
}
