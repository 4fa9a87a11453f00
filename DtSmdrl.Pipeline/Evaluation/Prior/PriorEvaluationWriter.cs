using System.Globalization;
using System.Text;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Evaluation.Prior;

/// <summary>Writes prior_eval.csv (one row per prior, patient set and quantity) and prior_eval.md (the summary tables).</summary>
public static class PriorEvaluationWriter
{
    public const string CsvFile = "prior_eval.csv";
    public const string MarkdownFile = "prior_eval.md";

    /// <summary>Latents shown in the markdown table beside the means (the decision-relevant growth, resistance, drug and neutrophil ones).</summary>
    public static IReadOnlyList<string> KeyLatents { get; } = ["doubling_time", "resistant_fraction", "kC", "kT", "kI", "circ0", "slope"];

    public static void Write(string folder, PriorEvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(folder);
        var csv = new StringBuilder("model,patients,quantity,n,crps,coverage90,brier,ece\n");
        foreach (var r in report.Rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Quote(r.Model)},{r.Patients},{r.Quantity},{r.Count},{N(r.Crps)},{N(r.Coverage90)},{N(r.Brier)},{N(r.Ece)}\n");
        }

        File.WriteAllText(Path.Combine(folder, CsvFile), csv.ToString(), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, MarkdownFile), Markdown(report), new UTF8Encoding(false));
    }

    public static string Markdown(PriorEvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Twin priors against the true latents ({report.TestPatients} test, {report.TrainPatients} training patients with a course)");
        text.AppendLine();
        text.AppendLine("CRPS of each latent z (standard-normal units; lower is better; the population prior N(0, 1) scores 0.56 on a well-specified z), ");
        text.AppendLine("mean over the 16 latents and for the decision-relevant ones; 90% interval coverage averaged over the latents; responder Brier and ECE.");
        text.AppendLine();
        foreach (var patients in new[] { "test", "train" })
        {
            var models = report.Rows.Where(r => r.Patients == patients).Select(r => r.Model).Distinct().ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"## {patients} patients");
            text.AppendLine();
            text.AppendLine($"| prior | mean CRPS | cover90 | {string.Join(" | ", KeyLatents)} | responder Brier | ECE |");
            text.AppendLine($"|---|---:|---:|{string.Concat(KeyLatents.Select(_ => "---:|"))}---:|---:|");
            foreach (var model in models)
            {
                var rows = report.Rows.Where(r => r.Patients == patients && r.Model == model).ToList();
                var latent = rows.Where(r => r.Quantity != "responder").ToList();
                var responder = rows.SingleOrDefault(r => r.Quantity == "responder");
                string Crps(string name) => F(latent.SingleOrDefault(r => r.Quantity == name)?.Crps ?? double.NaN);
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {model} | {F(latent.Count == 0 ? double.NaN : latent.Average(r => r.Crps))} | {F(latent.Count == 0 ? double.NaN : latent.Average(r => r.Coverage90))} | {string.Join(" | ", KeyLatents.Select(Crps))} | {F(responder?.Brier ?? double.NaN)} | {F(responder?.Ece ?? double.NaN)} |");
            }

            text.AppendLine();
        }

        text.AppendLine(CultureInfo.InvariantCulture,
            $"Course posteriors: {report.PosteriorSecondsPerPatient:F2} s per patient on one worker, {report.PosteriorWallSeconds:F1} s wall for all {report.TrainPatients}.");
        foreach (var (model, seconds) in report.ModelSeconds)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{model}: cross-fitted models in {seconds:F1} s; the full model predicts {report.LatentsUsingModel[model]} of {TwinPrior.LatentDimension} latents (the others keep N(0, 1): their model did not beat it out of fold).");
        }

        return text.ToString();
    }

    private static string F(double v) => double.IsFinite(v) ? v.ToString("F3", CultureInfo.InvariantCulture) : "-";

    private static string N(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Quote(string s) => s.Contains(',') ? $"\"{s}\"" : s;
}
