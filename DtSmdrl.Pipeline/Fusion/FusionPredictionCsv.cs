using System.Globalization;
using System.Text;

namespace DtSmdrl.Pipeline.Fusion;

/// <summary>
/// Fusion predictions as CSV, one row per patient, every float in round-trip format ("R"), so two runs with identical outputs
/// give byte-identical files (used to check a saved pipeline in a fresh process).
/// </summary>
public static class FusionPredictionCsv
{
    /// <summary>Columns: patient_id, then per regimen response/response_std/toxicity/toxicity_std, per latent mean/spread, per modality attention, embedding.</summary>
    public static void Write(string path, IReadOnlyList<string> patientIds, IReadOnlyList<FusionPrediction> predictions, IReadOnlyList<string> regimens,
        IReadOnlyList<string> latents, IReadOnlyList<string> modalities)
    {
        if (patientIds.Count != predictions.Count)
            throw new ArgumentException($"{patientIds.Count} patient ids but {predictions.Count} predictions.");
        var header = new List<string> { "patient_id" };
        foreach (var r in regimens) header.AddRange([$"response_{r}", $"response_std_{r}", $"toxicity_{r}", $"toxicity_std_{r}"]);
        foreach (var l in latents) header.AddRange([$"z_mean_{l}", $"z_spread_{l}", $"z_mc_std_{l}"]);
        header.AddRange(modalities.Select(m => $"attention_{m}"));
        var d = predictions.Count > 0 ? predictions[0].Embedding.Length : 0;
        header.AddRange(Enumerable.Range(0, d).Select(i => $"embedding_{i}"));
        var text = new StringBuilder().AppendLine(string.Join(',', header));
        static string R(float v) => v.ToString("R", CultureInfo.InvariantCulture);
        for (var i = 0; i < predictions.Count; i++)
        {
            var p = predictions[i];
            var cells = new List<string> { patientIds[i] };
            for (var r = 0; r < regimens.Count; r++)
                cells.AddRange([R(p.ResponseProbability[r]), R(p.ResponseProbabilityStd[r]), R(p.ToxicityProbability[r]), R(p.ToxicityProbabilityStd[r])]);
            for (var k = 0; k < latents.Count; k++)
                cells.AddRange([R(p.LatentMean[k]), R(p.LatentSpread[k]), R(p.LatentMeanStd[k])]);
            cells.AddRange(p.ModalityAttention.Select(R));
            cells.AddRange(p.Embedding.Select(R));
            text.AppendLine(string.Join(',', cells));
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllText(path, text.ToString());
    }
}
