using System.Globalization;
using System.Text;

namespace DtSmdrl.Pipeline.Fusion.Evaluation;

/// <summary>Console tables and CSV files of a <see cref="FusionEvaluationReport"/>.</summary>
public static class FusionEvaluationTables
{
    private static readonly string[] HeadModels = [FusionEvaluation.Fusion, FusionEvaluation.FusionWithoutModalityDropout, FusionEvaluation.LightGbm, FusionEvaluation.BaseRate];
    private static readonly string[] LatentPriors = [FusionEvaluation.Population, FusionEvaluation.Biomarker, FusionEvaluation.LightGbm, FusionEvaluation.FusionWithoutModalityDropout, FusionEvaluation.Fusion];

    /// <summary>All tables as plain text.</summary>
    public static string Text(FusionEvaluationReport report)
    {
        var text = new StringBuilder();
        text.AppendLine($"Fusion evaluation: {report.TrainPatients} train, {report.ValidationPatients} validation, {report.TestPatients} test patients");
        foreach (var head in new[] { "response", "toxicity" })
        {
            text.AppendLine();
            text.AppendLine($"{head}: held-out AUC / Brier per regimen (all modalities)");
            text.AppendLine($"{"regimen",-14}{"n",5}{"pos",5}" + string.Concat(HeadModels.Select(m => $"{m,22}")));
            foreach (var regimen in report.Regimens)
            {
                var row = report.Heads.Where(h => h.Head == head && h.Regimen == regimen && h.Condition == FusionEvaluationReport.AllModalities).ToList();
                var first = row.First();
                text.Append($"{regimen,-14}{first.Patients,5}{first.Positives,5}");
                foreach (var model in HeadModels)
                {
                    var s = row.Single(h => h.Model == model);
                    text.Append($"{F(s.Auc) + " / " + F(s.Brier),22}");
                }
                text.AppendLine();
            }
        }

        text.AppendLine();
        text.AppendLine($"Robustness: all modalities -> each present modality removed with p = 0.3 (patient-weighted mean over regimens with both classes; latent = mean CRPS over 16 z)");
        text.AppendLine($"{"model",-14}{"AUC all",10}{"removed",10}{"drop",8}{"Brier all",11}{"removed",10}{"rise",8}{"zCRPS all",11}{"removed",10}{"rise",8}");
        foreach (var model in new[] { FusionEvaluation.Fusion, FusionEvaluation.FusionWithoutModalityDropout, FusionEvaluation.LightGbm })
        {
            var (aucAll, brierAll) = MeanHeads(report, model, FusionEvaluationReport.AllModalities);
            var (aucRemoved, brierRemoved) = MeanHeads(report, model, FusionEvaluationReport.Removed);
            var crpsAll = MeanLatent(report, model, FusionEvaluationReport.AllModalities, s => s.Crps);
            var crpsRemoved = MeanLatent(report, model, FusionEvaluationReport.Removed, s => s.Crps);
            text.AppendLine($"{model,-14}{F(aucAll),10}{F(aucRemoved),10}{F(aucAll - aucRemoved),8}{F(brierAll),11}{F(brierRemoved),10}{F(brierRemoved - brierAll),8}{F(crpsAll),11}{F(crpsRemoved),10}{F(crpsRemoved - crpsAll),8}");
        }

        foreach (var condition in new[] { FusionEvaluationReport.AllModalities, FusionEvaluationReport.Removed })
        {
            text.AppendLine();
            text.AppendLine($"Twin prior vs true latents z ({condition}): mean |z error| / CRPS per latent (lower is better)");
            text.AppendLine($"{"latent",-20}" + string.Concat(LatentPriors.Select(p => $"{p,16}")));
            var names = report.Latents.Select(l => l.Latent).Distinct().ToList();
            foreach (var latent in names.Append("mean"))
            {
                text.Append($"{latent,-20}");
                foreach (var prior in LatentPriors)
                {
                    var rows = report.Latents.Where(l => l.Prior == prior && l.Condition == condition && (latent == "mean" || l.Latent == latent)).ToList();
                    text.Append($"{F(rows.Average(r => r.MeanAbsZError)) + " / " + F(rows.Average(r => r.Crps)),16}");
                }
                text.AppendLine();
            }
        }

        text.AppendLine();
        text.AppendLine("Twin prior in parameter space (all modalities): sample CRPS of log parameters, twins drawn per prior");
        var priors = report.Parameters.Select(p => p.Prior).Distinct().ToList();
        text.AppendLine($"{"quantity",-24}" + string.Concat(priors.Select(p => $"{p,12}")));
        foreach (var quantity in report.Parameters.Select(p => p.Parameter).Distinct())
            text.AppendLine($"{quantity,-24}" + string.Concat(priors.Select(p => $"{F(report.Parameters.Single(s => s.Prior == p && s.Parameter == quantity).Crps),12}")));

        text.AppendLine();
        text.AppendLine("Cost (1 torch thread)");
        text.AppendLine($"{"model",-14}{"epochs",7}{"best",6}{"s/epoch",9}{"patients/s",12}{"MC passes",10}{"MC patients/s",15}");
        foreach (var t in report.Timings)
            text.AppendLine($"{t.Model,-14}{t.EpochsRun,7}{t.BestEpoch,6}{F(t.SecondsPerEpoch, "F2"),9}{F(t.PatientsPerSecond, "F0"),12}{t.McPasses,10}{F(t.McPatientsPerSecond, "F0"),15}");
        text.AppendLine($"lightgbm: {2 * report.Regimens.Count} binary + 16 regression models trained in {F(report.LightGbmTrainingSeconds, "F1")} s");
        return text.ToString();
    }

    /// <summary>Writes fusion-heads.csv, fusion-latents.csv, fusion-parameters.csv and fusion-timing.csv into <paramref name="folder"/>.</summary>
    public static IReadOnlyList<string> WriteCsv(FusionEvaluationReport report, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        void Write(string name, string header, IEnumerable<string> lines)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllLines(path, lines.Prepend(header));
            files.Add(path);
        }
        Write("fusion-heads.csv", "model,condition,head,regimen,patients,positives,auc,brier",
            report.Heads.Select(h => $"{h.Model},{h.Condition},{h.Head},{h.Regimen},{h.Patients},{h.Positives},{R(h.Auc)},{R(h.Brier)}"));
        Write("fusion-latents.csv", "prior,condition,latent,patients,mean_abs_z_error,crps",
            report.Latents.Select(l => $"{l.Prior},{l.Condition},{l.Latent},{l.Patients},{R(l.MeanAbsZError)},{R(l.Crps)}"));
        Write("fusion-parameters.csv", "prior,quantity,patients,crps",
            report.Parameters.Select(p => $"{p.Prior},{p.Parameter},{p.Patients},{R(p.Crps)}"));
        Write("fusion-timing.csv", "model,epochs_run,best_epoch,seconds_per_epoch,inference_patients,patients_per_second,mc_passes,mc_patients_per_second",
            report.Timings.Select(t => $"{t.Model},{t.EpochsRun},{t.BestEpoch},{R(t.SecondsPerEpoch)},{t.InferencePatients},{R(t.PatientsPerSecond)},{t.McPasses},{R(t.McPatientsPerSecond)}"));
        return files;
    }

    /// <summary>Patient-weighted mean AUC and Brier over the regimens whose test patients have both classes.</summary>
    public static (double Auc, double Brier) MeanHeads(FusionEvaluationReport report, string model, string condition)
    {
        var rows = report.Heads.Where(h => h.Model == model && h.Condition == condition && h.Positives > 0 && h.Positives < h.Patients).ToList();
        if (rows.Count == 0) return (double.NaN, double.NaN);
        var n = rows.Sum(r => (double)r.Patients);
        return (rows.Sum(r => r.Auc * r.Patients) / n, rows.Sum(r => r.Brier * r.Patients) / n);
    }

    /// <summary>Mean over latents of a latent score.</summary>
    public static double MeanLatent(FusionEvaluationReport report, string prior, string condition, Func<FusionLatentScore, double> value)
    {
        var rows = report.Latents.Where(l => l.Prior == prior && l.Condition == condition).ToList();
        return rows.Count == 0 ? double.NaN : rows.Average(value);
    }

    private static string F(double value, string format = "F3") => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);

    private static string R(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
