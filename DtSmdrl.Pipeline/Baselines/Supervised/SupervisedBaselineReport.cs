using System.Globalization;
using System.Text;

namespace DtSmdrl.Pipeline.Baselines.Supervised;

/// <summary>Markdown tables of a trained supervised baseline: cross-validated scores per regimen, outcome and trainer.</summary>
public static class SupervisedBaselineReport
{
    /// <summary>
    /// One row per regimen, outcome and trainer candidate: training patients and events, pooled out-of-fold
    /// AUC and Brier score, sweep seconds, and whether the candidate was chosen; base-rate cells get one row.
    /// </summary>
    public static string CrossValidationTable(SupervisedBaselineModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var text = new StringBuilder();
        text.AppendLine("| regimen | outcome | patients | events | trainer | CV AUC | CV Brier | seconds | chosen |");
        text.AppendLine("|---|---|---:|---:|---|---:|---:|---:|---|");
        foreach (var m in model.OutcomeModels)
        {
            var s = m.State;
            if (s.Kind == OutcomeModelState.BaseRateKind && s.CrossValidation.Count == 0)
            {
                text.AppendLine($"| {s.Regimen} | {s.Outcome} | {s.TrainingPatients} | {s.TrainingEvents} | base rate {F(s.BaseRate)} | | | | yes |");
                continue;
            }
            foreach (var c in s.CrossValidation)
                text.AppendLine($"| {s.Regimen} | {s.Outcome} | {s.TrainingPatients} | {s.TrainingEvents} | {c.Candidate} | {F(c.Auc)} | {F(c.Brier)} | {c.Seconds.ToString("0.00", CultureInfo.InvariantCulture)} | {(c.Candidate == s.Trainer || (s.Trainer is null && c.Candidate == SweepResult.BaseRateName) ? "yes" : "")} |");
        }
        return text.ToString();
    }

    /// <summary>One row per classifier cell: chosen trainer, Platt parameters, validation Brier before and after calibration.</summary>
    public static string CalibrationTable(SupervisedBaselineModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var text = new StringBuilder();
        text.AppendLine("| regimen | outcome | chosen trainer | Platt A | Platt B | validation patients | validation Brier raw | validation Brier calibrated |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|");
        foreach (var s in model.OutcomeModels.Select(m => m.State).Where(s => s.Kind == OutcomeModelState.Classifier))
            text.AppendLine($"| {s.Regimen} | {s.Outcome} | {s.Trainer} | {F(s.CalibratorA)} | {F(s.CalibratorB)} | {s.CalibrationPatients} | {F(s.ValidationBrierUncalibrated)} | {F(s.ValidationBrierCalibrated)} |");
        return text.ToString();
    }

    private static string F(double value) => double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
}
