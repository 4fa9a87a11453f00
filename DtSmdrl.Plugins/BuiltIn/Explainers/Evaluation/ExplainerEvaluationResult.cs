using System.Globalization;
using System.Text;
using DtSmdrl.Pipeline.Evaluation.Uncertainty;
using DtSmdrl.Plugins.Contracts.Explainers;

namespace DtSmdrl.Plugins.BuiltIn.Explainers.Evaluation;

/// <summary>One explainer on one model, summarised over seeds and regimens.</summary>
/// <param name="Explainer">Explainer name.</param>
/// <param name="Model">Model name ("Supervised Model" or "Fusion transformer").</param>
/// <param name="DriverRecovery">Mean over seeds and regimens of driver recovery (metrics.md), constant-model cells left out; NaN when the explainer ranks groups, not biomarkers.</param>
/// <param name="Consistency">Mean over regimens of the attribution consistency across seeds (mean pairwise Spearman, metrics.md); NaN when undefined.</param>
/// <param name="SecondsPerExplanation">Mean wall time of one per-patient explanation (NaN for global-only methods, whose time is per ranking).</param>
/// <param name="SecondsPerRanking">Mean wall time of one global ranking call (every regimen, all explained patients).</param>
/// <param name="MeanAbsCompletenessGap">Mean |sum of attributions - (prediction - reference)| of the per-patient explanations; NaN when not additive.</param>
public sealed record ExplainerScore(string Explainer, string Model, double DriverRecovery, double Consistency, double SecondsPerExplanation,
    double SecondsPerRanking, double MeanAbsCompletenessGap);

/// <summary>Driver recovery of one explainer, model, seed and regimen, with the top-k biomarkers it ranked.</summary>
/// <param name="Explainer">Explainer name.</param>
/// <param name="Model">Model name.</param>
/// <param name="Seed">Training seed of the model.</param>
/// <param name="Regimen">Regimen whose output was ranked.</param>
/// <param name="DriverRecovery">Share of <paramref name="TrueDrivers"/> in the top (drivers + 2) features.</param>
/// <param name="TrueDrivers">The regimen's true response drivers that the model can see.</param>
/// <param name="TopK">The top (drivers + 2) features, most important first.</param>
/// <param name="ConstantModel">Every importance was 0 (e.g. a base-rate model): the ranking is by name only, so the cell is left out of the mean.</param>
public sealed record RegimenRecovery(string Explainer, string Model, int Seed, string Regimen, double DriverRecovery, IReadOnlyList<string> TrueDrivers,
    IReadOnlyList<string> TopK, bool ConstantModel);

/// <summary>Everything <see cref="ExplainerEvaluation"/> measured.</summary>
public sealed record ExplainerEvaluationResult(
    IReadOnlyList<ExplainerScore> Scores,
    IReadOnlyList<RegimenRecovery> Recoveries,
    IReadOnlyList<(string Model, PatientExplanation Explanation)> Explanations,
    IReadOnlyList<CalibrationResult> Calibration,
    IReadOnlyList<string> Regimens,
    double Seconds)
{
    /// <summary>The per-explainer table as Markdown.</summary>
    public string Table()
    {
        var s = new StringBuilder("| explainer | model | driver recovery | consistency (Spearman) | s / explanation | s / ranking | mean abs completeness gap |\n|---|---|---:|---:|---:|---:|---:|\n");
        foreach (var r in Scores)
            s.Append(CultureInfo.InvariantCulture,
                $"| {r.Explainer} | {r.Model} | {F(r.DriverRecovery, "F3")} | {F(r.Consistency, "F3")} | {F(r.SecondsPerExplanation, "F4")} | {F(r.SecondsPerRanking, "F3")} | {F(r.MeanAbsCompletenessGap, "G3")} |\n");
        return s.ToString();
    }

    /// <summary>ECE before and after calibration as Markdown.</summary>
    public string CalibrationTable()
    {
        var s = new StringBuilder("| model | stage | ECE (15 bins) | log loss | test patients |\n|---|---|---:|---:|---:|\n");
        foreach (var r in Calibration)
            s.Append(CultureInfo.InvariantCulture, $"| {r.Model} | {r.Stage} | {r.Ece:F4} | {r.LogLoss:F4} | {r.Patients} |\n");
        return s.ToString();
    }

    /// <summary>Writes explain.csv, explain_regimens.csv, explanations.csv, calibration.csv and reliability.csv into <paramref name="folder"/>.</summary>
    public void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var summary = new StringBuilder("explainer,model,driver_recovery,consistency,seconds_per_explanation,seconds_per_ranking,mean_abs_completeness_gap\n");
        foreach (var r in Scores)
            summary.Append(CultureInfo.InvariantCulture,
                $"{Q(r.Explainer)},{Q(r.Model)},{N(r.DriverRecovery)},{N(r.Consistency)},{N(r.SecondsPerExplanation)},{N(r.SecondsPerRanking)},{N(r.MeanAbsCompletenessGap)}\n");
        File.WriteAllText(Path.Combine(folder, "explain.csv"), summary.ToString());

        var regimens = new StringBuilder("explainer,model,seed,regimen,driver_recovery,constant_model,true_drivers,top_k\n");
        foreach (var r in Recoveries)
            regimens.Append(CultureInfo.InvariantCulture,
                $"{Q(r.Explainer)},{Q(r.Model)},{r.Seed},{r.Regimen},{N(r.DriverRecovery)},{(r.ConstantModel ? 1 : 0)},{Q(string.Join(' ', r.TrueDrivers))},{Q(string.Join(' ', r.TopK))}\n");
        File.WriteAllText(Path.Combine(folder, "explain_regimens.csv"), regimens.ToString());

        var patients = new StringBuilder("patient_id,model,explainer,target,prediction,reference,completeness_gap,seconds,rank,feature,unit,value,attribution,standard_error\n");
        foreach (var (model, e) in Explanations)
        {
            var ranked = e.Ranked();
            for (var k = 0; k < ranked.Count; k++)
            {
                var a = ranked[k];
                patients.Append(CultureInfo.InvariantCulture,
                    $"{e.PatientId},{Q(model)},{Q(e.Method)},{Q(e.Target)},{N(e.Prediction)},{N(e.Reference)},{N(e.CompletenessGap)},{N(e.Seconds)},{k + 1},{a.Feature},{Q(a.Unit)},{N(a.Value)},{N(a.Attribution)},{N(a.StandardError)}\n");
            }
        }
        File.WriteAllText(Path.Combine(folder, "explanations.csv"), patients.ToString());

        var calibration = new StringBuilder("model,stage,ece,log_loss,patients\n");
        foreach (var r in Calibration)
            calibration.Append(CultureInfo.InvariantCulture, $"{Q(r.Model)},{r.Stage},{N(r.Ece)},{N(r.LogLoss)},{r.Patients}\n");
        File.WriteAllText(Path.Combine(folder, "calibration.csv"), calibration.ToString());
        CalibrationComparison.WriteReliabilityCsv(Path.Combine(folder, "reliability.csv"), Calibration);
    }

    private static string F(double v, string format) => double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);

    private static string N(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);

    private static string Q(string text) => text.Contains(',') || text.Contains('"') ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
}
