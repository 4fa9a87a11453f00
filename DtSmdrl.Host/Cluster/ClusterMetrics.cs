using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DtSmdrl.Host.Cluster;

/// <summary>
/// The cluster's own metrics (System.Diagnostics.Metrics, the .NET OpenTelemetry metrics API), beside the ones Orleans
/// itself publishes under the "Microsoft.Orleans" meter. Read them offline with
/// <c>dotnet-counters monitor -n dtsmdrl --counters DtSmdrl.Cluster,Microsoft.Orleans</c>, or with any OpenTelemetry
/// exporter an operator adds. No patient identifier ever becomes a tag.
/// </summary>
public static class ClusterMetrics
{
    public const string MeterName = "DtSmdrl.Cluster";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Patient twin grains active on this silo.</summary>
    public static readonly UpDownCounter<long> ActiveTwins = Meter.CreateUpDownCounter<long>("dtsmdrl.cluster.twin_grains.active", "{grain}");

    /// <summary>Duration of each patient twin grain call, tagged with the method.</summary>
    public static readonly Histogram<double> CallDuration = Meter.CreateHistogram<double>("dtsmdrl.cluster.twin_grain.call.duration", "ms");

    /// <summary>Patient steps a job fanned out, tagged with the job and the outcome (ok, quarantined, retried).</summary>
    public static readonly Counter<long> PatientSteps = Meter.CreateCounter<long>("dtsmdrl.cluster.job.patient_steps", "{patient}");

    /// <summary>Times a call's duration into <see cref="CallDuration"/>.</summary>
    public static async Task<T> Timed<T>(string method, Func<Task<T>> call)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            CallDuration.Record(Stopwatch.GetElapsedTime(start).TotalMilliseconds, new KeyValuePair<string, object?>("method", method));
        }
    }
}
