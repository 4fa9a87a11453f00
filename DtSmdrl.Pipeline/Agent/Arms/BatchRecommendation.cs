using System.Diagnostics;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>Recommendations of a batch with the wall-clock latency of each and of the whole batch.</summary>
/// <param name="Recommendations">One per case, in the order of the cases.</param>
/// <param name="LatencyMilliseconds">Milliseconds of each case's <see cref="DtSmdrlRecommender.Recommend"/> call, in the order of the cases.</param>
/// <param name="Seconds">Wall-clock seconds of the whole batch.</param>
public sealed record BatchRecommendationResult(PatientRecommendation[] Recommendations, double[] LatencyMilliseconds, double Seconds);

/// <summary>
/// Recommends a batch of patients, one after another or on several .NET threads (one patient per thread at a time).
/// The results do not depend on the thread count: every <see cref="DtSmdrlRecommender.Recommend"/> call uses only
/// its own seeded generators (the policy is initialised from <see cref="AgentRandom"/>, never from torch's global
/// generator), its own environments and networks, and reads the shared initialisation without writing to it;
/// TorchSharp's dispose scopes and no-grad mode are per thread. Set torch's intra-op threads to 1 before a
/// parallel run, or the .NET threads and libtorch's pool compete for the same cores.
/// </summary>
public static class BatchRecommendation
{
    /// <summary>Recommends every case with at most <paramref name="threads"/> cases in flight; 1 runs them in order on this thread.</summary>
    public static BatchRecommendationResult Run(DtSmdrlRecommender recommender, IReadOnlyList<RecommendationCase> cases, int threads)
    {
        ArgumentNullException.ThrowIfNull(recommender);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var recommendations = new PatientRecommendation[cases.Count];
        var latencies = new double[cases.Count];
        // Each case writes only its own slots, so the output order is the input order for any thread count.
        void RecommendOne(int i)
        {
            var started = Stopwatch.GetTimestamp();
            recommendations[i] = recommender.Recommend(cases[i].Patient, cases[i].Forecast, cases[i].Seed);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        var total = Stopwatch.StartNew();
        if (threads == 1)
        {
            for (var i = 0; i < cases.Count; i++)
                RecommendOne(i);
        }
        else
        {
            Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, RecommendOne);
        }
        return new BatchRecommendationResult(recommendations, latencies, total.Elapsed.TotalSeconds);
    }
}
