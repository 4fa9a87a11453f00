using DtSmdrl.Pipeline.Evaluation;

namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// The continuation gain captured of one arm after k observed scans (metrics.md, "Adaptation speed"):
/// mean(J_arm - J_hold) / mean(J* - J_hold) over (patient, replicate), with a 95% paired bootstrap interval (patients
/// resampled with all their replicates; numerator and denominator from the same resample).
/// </summary>
/// <param name="Arm">The arm.</param>
/// <param name="Scans">Scans observed (k).</param>
/// <param name="Cycle">The decision point's cycle.</param>
/// <param name="GainCaptured">The ratio; NaN when the perfect-information continuation gains nothing over hold.</param>
/// <param name="Lower">2.5th percentile of the bootstrap.</param>
/// <param name="Upper">97.5th percentile.</param>
/// <param name="Patients">Patients measured.</param>
/// <param name="Replicates">Records (patient, replicate).</param>
/// <param name="MeanArm">Mean J_arm, days.</param>
/// <param name="MeanPerfect">Mean J*, days.</param>
/// <param name="MeanHold">Mean J_hold, days.</param>
public sealed record AdaptationSummary(
    string Arm,
    int Scans,
    int Cycle,
    double GainCaptured,
    double Lower,
    double Upper,
    int Patients,
    int Replicates,
    double MeanArm,
    double MeanPerfect,
    double MeanHold)
{
    /// <summary>One summary per (arm, k), arms in first-appearance order, k ascending.</summary>
    public static IReadOnlyList<AdaptationSummary> Of(IReadOnlyList<ContinuationRecord> records, int resamples = Bootstrap.DefaultResamples, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(records);
        var arms = records.Select(r => r.Arm).Distinct(StringComparer.Ordinal).ToList();
        return records.GroupBy(r => (r.Arm, r.Scans)).OrderBy(g => arms.IndexOf(g.Key.Arm)).ThenBy(g => g.Key.Scans)
            .Select(g => Summarise(g.ToList(), resamples, seed)).ToList();
    }

    /// <summary>
    /// Adaptation speed: the fewest scans k whose gain captured reaches <paramref name="fraction"/>, from
    /// <paramref name="rows"/> of one arm; null when no measured k does ("not reached").
    /// </summary>
    public static int? ScansToReach(IEnumerable<AdaptationSummary> rows, double fraction = 0.9) =>
        rows.OrderBy(r => r.Scans).FirstOrDefault(r => r.GainCaptured >= fraction)?.Scans;

    private static AdaptationSummary Summarise(List<ContinuationRecord> group, int resamples, int seed)
    {
        var byPatient = group.GroupBy(r => r.PatientId, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var numerator = byPatient.Select(g => g.Sum(r => r.ArmValue - r.HoldValue)).ToArray();
        var denominator = byPatient.Select(g => g.Sum(r => r.PerfectValue - r.HoldValue)).ToArray();
        static double Ratio(double num, double den) => den > 0 ? num / den : double.NaN;
        var estimate = Ratio(numerator.Sum(), denominator.Sum());
        var replicates = new List<double>(resamples);
        foreach (var indices in Bootstrap.ResampleIndices(byPatient.Count, resamples, seed))
        {
            double num = 0, den = 0;
            foreach (var i in indices)
            {
                num += numerator[i];
                den += denominator[i];
            }
            var value = Ratio(num, den);
            if (!double.IsNaN(value)) replicates.Add(value);
        }
        replicates.Sort();
        var first = group[0];
        return new AdaptationSummary(first.Arm, first.Scans, first.Cycle, estimate,
            Bootstrap.Quantile(replicates, Bootstrap.LowerQuantile), Bootstrap.Quantile(replicates, Bootstrap.UpperQuantile),
            byPatient.Count, group.Count, group.Average(r => r.ArmValue), group.Average(r => r.PerfectValue), group.Average(r => r.HoldValue));
    }
}
