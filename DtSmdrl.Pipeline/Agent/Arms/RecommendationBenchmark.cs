using System.Diagnostics;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Torch;
using DtSmdrl.Pipeline.Twin.Calibration;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>Recommendation latency of the DT-SMDRL agent (adaptation + shielded rollouts) per patient, p50/p95.</summary>
/// <param name="Patients">Patients timed one after another.</param>
/// <param name="P50Milliseconds">Median latency.</param>
/// <param name="P95Milliseconds">95th percentile latency.</param>
/// <param name="PatientsPerSecond">Throughput of the whole batch.</param>
public sealed record RecommendationBenchmarkResult(int Patients, double P50Milliseconds, double P95Milliseconds, double PatientsPerSecond);

/// <summary>Times <see cref="DtSmdrlRecommender.Recommend"/> with the default agent settings on population patients.</summary>
public static class RecommendationBenchmark
{
    /// <summary>
    /// Latency does not depend on the weights, so a random initialisation stands in for a trained one; the
    /// adaptation updates, twin samples and rollouts are the defaults of <see cref="DtSmdrlArmOptions"/>.
    /// </summary>
    public static RecommendationBenchmarkResult Run(int patients = 20, long seed = 1)
    {
        var options = new DtSmdrlArmOptions();
        TorchSetup.Configure(seed, options.TorchThreads);
        var prior = new TwinPrior();
        var rng = new Random((int)seed);
        PatientTwins Patient(int i, int count) =>
            new($"bench-{i}", new float[PatientContext.Size], Enumerable.Range(0, count).Select(_ => prior.SamplePopulation(rng)).ToArray());
        var first = Patient(0, options.TwinsPerPatient);
        var tasks = new[] { first.ToTask(options.Environment) };
        var initialization = MetaInitialization.Random(PolicyInitialiser.Shape(first, options), seed, MetaPpo.FitNormalizer(tasks, 8, seed));
        var recommender = new DtSmdrlRecommender(initialization, options);
        recommender.Recommend(first, Patient(0, options.ForecastSamples).Twins, seed); // warm-up (JIT, libtorch)

        var latencies = new double[patients];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < patients; i++)
        {
            var patient = Patient(i + 1, options.TwinsPerPatient);
            var forecast = Patient(i + 1, options.ForecastSamples).Twins;
            var watch = Stopwatch.StartNew();
            recommender.Recommend(patient, forecast, seed + i);
            latencies[i] = watch.Elapsed.TotalMilliseconds;
        }
        var seconds = total.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new RecommendationBenchmarkResult(patients, Bootstrap.Quantile(latencies, 0.5), Bootstrap.Quantile(latencies, 0.95), patients / seconds);
    }
}
