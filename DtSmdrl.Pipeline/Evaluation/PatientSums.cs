namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>
/// A metric defined per patient written as a ratio of sums over patients: each patient's records give a numerator and
/// a denominator, and the metric of any multiset of patients is (sum of numerators) / (sum of denominators), undefined
/// (NaN) when the denominator sum is not positive. The bootstrap then sums two numbers per drawn patient instead of
/// re-evaluating every record of every resample (the full profile has 40,000 records per learned arm).
/// </summary>
/// <remarks>For a mean over records the denominator is the record count; every patient has the same count in a study.</remarks>
public delegate (double Numerator, double Denominator) PatientSums(ReadOnlySpan<PatientOutcome> patientRecords);

/// <summary>The <see cref="PatientSums"/> of the per-patient metrics of metrics.csv, and their use in resamples.</summary>
public static class PatientSumsOf
{
    /// <summary>A mean over records of <paramref name="value"/>.</summary>
    public static PatientSums Mean(Func<PatientOutcome, double> value) => records =>
    {
        double sum = 0;
        foreach (var o in records) sum += value(o);
        return (sum, records.Length);
    };

    /// <summary>Gain captured: (sum of V - V_hold, sum of V* - V_hold) over the patient's records.</summary>
    public static PatientSums GainCaptured { get; } = records =>
    {
        double gained = 0, achievable = 0;
        foreach (var o in records)
        {
            gained += o.Value - o.HoldValue;
            achievable += o.PerfectValue - o.HoldValue;
        }
        return (gained, achievable);
    };

    /// <summary>Decision accuracy: all the patient's records count as accurate or none (V is their mean).</summary>
    public static PatientSums DecisionAccuracy { get; } = records =>
    {
        double sum = 0;
        foreach (var o in records) sum += o.Value;
        var first = records[0];
        return (DecisionMetrics.IsAccurate(sum / records.Length, first.PerfectValue, first.HoldValue) ? records.Length : 0, records.Length);
    };

    /// <summary>The sums of every patient cluster.</summary>
    internal static (double Numerator, double Denominator)[] Of(PatientOutcome[][] clusters, PatientSums sums) =>
        clusters.Select(c => sums(c)).ToArray();

    /// <summary>The metric of the patients <paramref name="indices"/> (repeats allowed).</summary>
    internal static double Ratio((double Numerator, double Denominator)[] parts, int[] indices)
    {
        double numerator = 0, denominator = 0;
        foreach (var i in indices)
        {
            numerator += parts[i].Numerator;
            denominator += parts[i].Denominator;
        }
        return denominator > 0.0 ? numerator / denominator : double.NaN;
    }
}
