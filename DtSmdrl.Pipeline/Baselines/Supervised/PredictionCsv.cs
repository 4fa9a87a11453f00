using System.Globalization;
using System.Text;

namespace DtSmdrl.Pipeline.Baselines.Supervised;

/// <summary>
/// Writes predictions as CSV, one row per patient and regimen:
/// patient_id, regimen, p_response, p_severe_toxicity, benefit_risk, supported (0/1), chosen (1 on the chosen regimen's row).
/// </summary>
public static class PredictionCsv
{
    public const string Header = "patient_id,regimen,p_response,p_severe_toxicity,benefit_risk,supported,chosen";

    public static void Write(TextWriter writer, IEnumerable<PatientPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(Header);
        foreach (var patient in predictions)
            foreach (var r in patient.Regimens)
                writer.WriteLine(string.Join(',',
                    Escape(patient.PatientId), Escape(r.Regimen), F(r.ResponseProbability), F(r.SevereToxicityProbability), F(r.BenefitRisk),
                    r.Supported ? "1" : "0", r.Regimen == patient.ChosenRegimen ? "1" : "0"));
    }

    public static void Write(string path, IEnumerable<PatientPrediction> predictions)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        Write(writer, predictions);
    }

    private static string F(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Escape(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
