namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>What a metric's number is, which decides how the Markdown table prints it.</summary>
public enum MetricKind
{
    /// <summary>A fraction (share of patients, or a ratio such as gain captured); printed as a percentage in Markdown, as a fraction in CSV.</summary>
    Fraction,

    /// <summary>Already in percent (tumour reduction %); printed with a % sign.</summary>
    Percent,

    /// <summary>A time in days; printed with a "d" suffix.</summary>
    Days,

    /// <summary>A plain score (cost, ECE); printed with three decimals.</summary>
    Score,
}

/// <summary>One column of the study's metrics table: its metrics.md name and how to compute it from outcomes.</summary>
/// <param name="Column">snake_case column name in metrics.csv (metrics.md, "Machine-readable output").</param>
/// <param name="Heading">Human heading for the Markdown table.</param>
/// <param name="Kind">How the value prints.</param>
/// <param name="Compute">The point estimate on a list of outcomes; NaN when undefined.</param>
/// <param name="ComputeForBootstrap">The same metric as used inside the bootstrap; differs from <paramref name="Compute"/>
/// only where "undefined" has an order (a median not reached returns +infinity), see <see cref="Bootstrap"/>.</param>
/// <param name="PerPatient">For a metric defined per patient (a mean or ratio of sums of per-patient quantities), the
/// same metric as patient sums, which the bootstrap uses; null for pooled figures (Kaplan-Meier, tail risk,
/// classification and calibration over pairs).</param>
public sealed record MetricDefinition(
    string Column,
    string Heading,
    MetricKind Kind,
    Func<IReadOnlyList<PatientOutcome>, double> Compute,
    Func<IReadOnlyList<PatientOutcome>, double> ComputeForBootstrap,
    PatientSums? PerPatient = null)
{
    /// <summary>Whether the metric is defined per patient (paired.csv compares these arm against arm).</summary>
    public bool DefinedPerPatient => PerPatient is not null;
}

/// <summary>A metric's value for one method: the definition with its estimate and interval.</summary>
public sealed record MetricValue(MetricDefinition Definition, BootstrapInterval Interval);

/// <summary>One row of the metrics table: all metrics.md columns for one method (or ablation).</summary>
/// <param name="Method">Display name, e.g. "DT-SMDRL" or "DT-SMDRL without shield".</param>
/// <param name="Values">The metrics in metrics.md column order (<see cref="MetricsTable.MetricColumns"/>).</param>
/// <param name="PatientCount">Test patients (n_patients).</param>
/// <param name="SeedCount">Training seeds pooled (n_seeds); 1 for deterministic methods.</param>
public sealed record MethodMetrics(string Method, IReadOnlyList<MetricValue> Values, int PatientCount, int SeedCount)
{
    /// <summary>Replicates of the dice per patient and seed (n_replicates).</summary>
    public int ReplicateCount { get; init; } = 1;

    /// <summary>The interval of the metric with this metrics.csv column name.</summary>
    public BootstrapInterval this[string column] =>
        Values.FirstOrDefault(v => v.Definition.Column == column)?.Interval
        ?? throw new KeyNotFoundException($"Metrics of '{Method}' have no column '{column}'.");
}
