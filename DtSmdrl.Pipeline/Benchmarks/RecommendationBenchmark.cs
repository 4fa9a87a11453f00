using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Torch;
using DtSmdrl.Pipeline.Twin.Prior;
using TorchSharp;

namespace DtSmdrl.Pipeline.Benchmarks;

/// <summary>Latency and throughput of one pass over the benchmark batch at one .NET thread count.</summary>
/// <param name="Threads">.NET threads recommending patients at the same time (torch intra-op threads: 1).</param>
/// <param name="P50Milliseconds">Median latency of one patient's recommendation.</param>
/// <param name="P95Milliseconds">95th percentile latency.</param>
/// <param name="PatientsPerSecond">Patients of the batch / wall-clock seconds of the batch.</param>
public sealed record RecommendationTiming(int Threads, double P50Milliseconds, double P95Milliseconds, double PatientsPerSecond);

/// <summary>Result of <see cref="RecommendationBenchmark.Run"/>.</summary>
/// <param name="Patients">Patients in the batch.</param>
/// <param name="Sequential">The batch one patient after another on one thread.</param>
/// <param name="Parallel">The same batch over several .NET threads.</param>
/// <param name="ParallelMatchesSequential">Whether every parallel recommendation equals the sequential one bit for bit.</param>
/// <param name="Stages">Where the sequential latency goes, measured by taking one stage away at a time.</param>
public sealed record RecommendationBenchmarkResult(int Patients, RecommendationTiming Sequential, RecommendationTiming Parallel,
    bool ParallelMatchesSequential, RecommendationStages Stages);

/// <summary>
/// Mean sequential milliseconds per patient of each decision-time stage on the benchmark batch, found by subtraction:
/// the full recommendation, then without the K adaptation updates, then also without the shield's forecasts.
/// </summary>
/// <param name="AdaptationMilliseconds">The K PPO updates on the patient's twins (full minus no adaptation).</param>
/// <param name="ShieldForecastMilliseconds">The shield's toxicity forecasts (no adaptation minus no adaptation and no shield).</param>
/// <param name="RolloutMilliseconds">What is left: setting up the inner PPO, the closed-loop rollouts on the forecast samples and the summary.</param>
public sealed record RecommendationStages(double AdaptationMilliseconds, double ShieldForecastMilliseconds, double RolloutMilliseconds)
{
    /// <summary>The three stages together (the full recommendation's mean).</summary>
    public double TotalMilliseconds => AdaptationMilliseconds + ShieldForecastMilliseconds + RolloutMilliseconds;
}

/// <summary>
/// Times <see cref="DtSmdrlRecommender.Recommend"/> (adaptation + shielded rollouts) on a batch of population
/// patients, sequentially and in parallel over cores (<see cref="BatchRecommendation"/>), side by side in one run.
/// </summary>
public static class RecommendationBenchmark
{
    /// <summary>
    /// Latency does not depend on the weights, so a random initialisation stands in for a trained one; the
    /// adaptation updates, twin samples and rollouts are those of <paramref name="options"/> (default: the agent's
    /// defaults). Torch runs with one intra-op thread (restored afterwards), as the agent does.
    /// </summary>
    public static RecommendationBenchmarkResult Run(int patients = 20, int threads = 2, long seed = 1, DtSmdrlArmOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patients, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        options ??= new DtSmdrlArmOptions();
        var previousThreads = torch.get_num_threads();
        try
        {
            TorchSetup.Configure(seed, 1);
            var prior = new TwinPrior();
            var rng = new Random((int)seed);
            PatientTwins Patient(int i, int count) =>
                new($"bench-{i}", new float[PatientContext.Size], Enumerable.Range(0, count).Select(_ => prior.SamplePopulation(rng)).ToArray());
            // All inputs are drawn before timing, so both passes see the same batch.
            var cases = Enumerable.Range(0, patients + 1)
                .Select(i => new RecommendationCase(Patient(i, options.TwinsPerPatient), Patient(i, options.ForecastSamples).Twins, seed + i))
                .ToList();
            var initialization = MetaInitialization.Random(PolicyInitialiser.Shape(cases[0].Patient, options), seed,
                MetaPpo.FitNormalizer([cases[0].Patient.ToTask(options.Environment)], 8, seed));
            var recommender = new DtSmdrlRecommender(initialization, options);
            var warmUp = cases[0];
            recommender.Recommend(warmUp.Patient, warmUp.Forecast, warmUp.Seed); // JIT, libtorch
            var batch = cases.Skip(1).ToList();

            var sequential = BatchRecommendation.Run(recommender, batch, 1);
            var parallel = BatchRecommendation.Run(recommender, batch, threads);
            var identical = sequential.Recommendations.Zip(parallel.Recommendations).All(p => p.First.HasSameContent(p.Second));
            var withoutAdaptation = options with { AdaptationUpdates = 0 };
            var noAdaptation = BatchRecommendation.Run(new DtSmdrlRecommender(initialization, withoutAdaptation), batch, 1);
            var noShield = BatchRecommendation.Run(new DtSmdrlRecommender(initialization, withoutAdaptation with { ShieldThreshold = null }), batch, 1);
            var (full, lessAdaptation, lessShield) = (sequential.LatencyMilliseconds.Average(), noAdaptation.LatencyMilliseconds.Average(), noShield.LatencyMilliseconds.Average());
            var stages = new RecommendationStages(full - lessAdaptation, lessAdaptation - lessShield, lessShield);
            return new RecommendationBenchmarkResult(patients, Timing(sequential, 1), Timing(parallel, threads), identical, stages);
        }
        finally
        {
            torch.set_num_threads(previousThreads);
        }
    }

    private static RecommendationTiming Timing(BatchRecommendationResult batch, int threads)
    {
        var latencies = (double[])batch.LatencyMilliseconds.Clone();
        Array.Sort(latencies);
        return new RecommendationTiming(threads, Bootstrap.Quantile(latencies, 0.5), Bootstrap.Quantile(latencies, 0.95), latencies.Length / batch.Seconds);
    }
}
