using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Study;

namespace DtSmdrl.Pipeline.Cohort;

/// <summary>
/// Assigns patients to train / validation / test as they stream by, stratified by tumour type and
/// the guideline biomarker group (metrics.md): within each stratum every new patient goes to the
/// split furthest below its target share, so each stratum is split 60/20/20 up to rounding.
/// Deterministic: it depends only on the order of patients.
/// </summary>
public sealed class StratifiedSplitter(double train, double validation)
{
    private readonly double[] targets = [train, validation, 1 - train - validation];
    private readonly Dictionary<string, int[]> counts = [];

    public CohortSplit Assign(PatientRecord observed)
    {
        var stratum = $"{observed.Clinical?.TumourType ?? "unknown"}/{GuidelineBiomarkers.From(observed).Group}";
        if (!counts.TryGetValue(stratum, out var c)) counts[stratum] = c = new int[3];
        var total = c.Sum() + 1;
        var best = 0;
        var bestDeficit = double.NegativeInfinity;
        for (var s = 0; s < 3; s++)
        {
            var deficit = targets[s] * total - c[s];
            if (deficit > bestDeficit + 1e-12)
            {
                best = s;
                bestDeficit = deficit;
            }
        }
        c[best]++;
        return (CohortSplit)best;
    }
}
