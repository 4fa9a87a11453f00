using DtSmdrl.Plugins.Contracts.Explainers;

namespace DtSmdrl.Plugins.BuiltIn.Explainers;

/// <summary>Turns raw attribution arrays into the contract's records (shared by the built-in explainers).</summary>
public static class AttributionReports
{
    /// <summary>A patient explanation over the model's features.</summary>
    public static PatientExplanation Patient(ExplainableModel model, PatientToExplain patient, string method, double prediction, double reference,
        double[] attributions, double[] standardErrors, double seconds) =>
        new(patient.PatientId, method, patient.Target.Label(model.Outputs), prediction, reference,
            model.Features.Select((f, j) => new FeatureAttribution(f.Name, f.Unit, patient.Values[j], attributions[j], standardErrors[j])).ToList(),
            attributions.Sum() - (prediction - reference), seconds);

    /// <summary>
    /// Global importance as the mean absolute attribution over patients, with its standard error over patients
    /// (sd / sqrt(n)); ranked largest first, ties by name.
    /// </summary>
    public static GlobalImportance MeanAbsolute(ExplainableModel model, string method, int output, IReadOnlyList<double[]> attributions, double seconds)
    {
        var n = attributions.Count;
        var ranked = model.Features.Select((f, j) =>
        {
            var values = attributions.Select(a => Math.Abs(a[j])).ToArray();
            var mean = n == 0 ? 0 : values.Average();
            var sd = n < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
            return new FeatureImportance(f.Name, f.Unit, mean, n == 0 ? 0 : sd / Math.Sqrt(n));
        });
        return new GlobalImportance(method, model.Outputs[output], Rank(ranked), seconds);
    }

    /// <summary>Sorts importances largest first, ties broken by ordinal name (as the driver-recovery metric does).</summary>
    public static IReadOnlyList<FeatureImportance> Rank(IEnumerable<FeatureImportance> importances) =>
        importances.OrderByDescending(i => i.Importance).ThenBy(i => i.Feature, StringComparer.Ordinal).ToList();

    /// <summary>A seeded generator per patient, so that a patient's result does not depend on who else is in the request.</summary>
    public static Random PatientRandom(int seed, int patientIndex) => new(unchecked(seed * 1_000_003 + patientIndex * 7919 + 17));
}
