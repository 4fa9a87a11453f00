using System.Globalization;
using System.Text;

namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>One row of qtwist_sensitivity.csv: an arm's Q-TWiST days and gain captured under one utility.</summary>
public sealed record SensitivityRow(string Method, QtwistUtility Utility, BootstrapInterval QtwistDays, BootstrapInterval GainCaptured);

/// <summary>
/// The Q-TWiST sensitivity table of metrics.md: for every (u_TOX, u_REL) of the grid, each record's J is recomputed
/// from its three day counts (J is linear in them) and each patient's V* and V_hold are the perfect-information
/// planner's choice for that utility, re-chosen from its per-plan day counts; then Q-TWiST days and gain captured with
/// their bootstrap intervals (the metrics table's resamples). The perfect-information arm is the planner re-chosen for
/// each utility: its J is the patient's V* under that utility (the re-chosen plan's mean over the evaluation replicates;
/// both metrics are linear in J, so the patient mean gives them exactly), so it captures all of the gain in every row.
/// </summary>
public static class QtwistSensitivity
{
    /// <summary>The header of qtwist_sensitivity.csv.</summary>
    public const string Header = "method,u_tox,u_rel,qtwist_days,qtwist_days_lo,qtwist_days_hi,gain_captured,gain_captured_lo,gain_captured_hi";

    /// <summary>The rows, arm by arm, utilities in grid order.</summary>
    /// <param name="arms">Each arm's outcomes per training seed (with day counts).</param>
    /// <param name="utilities">The grid (<see cref="QtwistUtility.SensitivityGrid"/>).</param>
    /// <param name="references">V* and V_hold of a patient under a utility.</param>
    /// <param name="options">Resamples and seed (the metrics table's).</param>
    /// <param name="perfectInformationArm">The arm whose plans are the planner's (null: none).</param>
    public static IReadOnlyList<SensitivityRow> Compute(
        IReadOnlyList<(string Method, IReadOnlyList<IReadOnlyList<PatientOutcome>> Outcomes)> arms,
        IReadOnlyList<QtwistUtility> utilities,
        Func<string, QtwistUtility, (double Perfect, double Hold)> references,
        MetricsTableOptions? options = null,
        string? perfectInformationArm = null)
    {
        ArgumentNullException.ThrowIfNull(arms);
        ArgumentNullException.ThrowIfNull(utilities);
        ArgumentNullException.ThrowIfNull(references);
        options ??= new MetricsTableOptions();
        var definitions = MetricsTable.Definitions(options);
        var qtwistDays = definitions.Single(d => d.Column == "qtwist_days");
        var gainCaptured = definitions.Single(d => d.Column == "gain_captured");
        var rows = new List<SensitivityRow>();
        foreach (var (method, outcomes) in arms)
            foreach (var utility in utilities)
            {
                var revalued = outcomes.Select(seed => (IReadOnlyList<PatientOutcome>)seed.Select(o =>
                {
                    var (perfect, hold) = references(o.PatientId, utility);
                    var value = method == perfectInformationArm ? perfect : utility.Value(o.Days);
                    return o with { Value = value, PerfectValue = perfect, HoldValue = hold };
                }).ToList()).ToList();
                var qtwist = Bootstrap.Interval(revalued, qtwistDays, options.Resamples, options.Seed);
                var gain = Bootstrap.Interval(revalued, gainCaptured, options.Resamples, options.Seed);
                rows.Add(new SensitivityRow(method, utility, qtwist, gain));
            }
        return rows;
    }

    /// <summary>Writes qtwist_sensitivity.csv (UTF-8 without BOM, invariant numbers, empty fields for undefined values).</summary>
    public static void WriteFile(string path, IEnumerable<SensitivityRow> rows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(rows);
        var c = CultureInfo.InvariantCulture;
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine(Header);
        foreach (var row in rows)
            writer.WriteLine(string.Join(",", MetricsCsv.Quote(row.Method), row.Utility.Toxicity.ToString("R", c), row.Utility.Relapse.ToString("R", c),
                MetricsCsv.Number(row.QtwistDays.Estimate), MetricsCsv.Number(row.QtwistDays.Lower), MetricsCsv.Number(row.QtwistDays.Upper),
                MetricsCsv.Number(row.GainCaptured.Estimate), MetricsCsv.Number(row.GainCaptured.Lower), MetricsCsv.Number(row.GainCaptured.Upper)));
    }
}
