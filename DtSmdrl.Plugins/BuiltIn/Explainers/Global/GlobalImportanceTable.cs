using System.Globalization;
using System.Text;
using DtSmdrl.Plugins.Contracts.Explainers;

namespace DtSmdrl.Plugins.BuiltIn.Explainers.Global;

/// <summary>
/// Global importance per regimen as a flat table: KernelSHAP per patient, mean |Shapley value| per feature and output
/// over the patients (<see cref="KernelShapExplainer.Rank"/>), one row per (regimen, feature); and importance.csv,
/// the file the study report draws its importance figure from.
/// </summary>
public static class GlobalImportanceTable
{
    /// <summary>The study folder's file name.</summary>
    public const string CsvFile = "importance.csv";

    /// <summary>
    /// Ranks every feature for each of <paramref name="outputs"/> of <paramref name="model"/> over the patients' rows
    /// against <paramref name="background"/>; <paramref name="regimens"/> names each output's regimen.
    /// Rows come regimen by regimen, features in the model's order.
    /// </summary>
    public static IReadOnlyList<RegimenImportance> Rank(string method, ExplainableModel model, IReadOnlyList<string> patientIds,
        IReadOnlyList<double[]> rows, IReadOnlyList<int> outputs, IReadOnlyList<string> regimens, IReadOnlyList<double[]> background, ExplainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(regimens);
        if (outputs.Count != regimens.Count) throw new ArgumentException($"{outputs.Count} outputs but {regimens.Count} regimen names.", nameof(regimens));
        model.CheckRows(rows, "explained");
        model.CheckRows(background, "background");
        var rankings = new KernelShapExplainer().Rank(new GlobalExplanationRequest(model, patientIds, rows, outputs, background, options));
        var table = new List<RegimenImportance>();
        for (var k = 0; k < outputs.Count; k++)
        {
            var byFeature = rankings[k].ByFeature();
            table.AddRange(model.Features.Select(f => new RegimenImportance(method, regimens[k], f.Name, byFeature[f.Name])));
        }
        return table;
    }

    /// <summary>Writes importance.csv (method,regimen,feature,importance; invariant culture, RFC 4180 quoting, UTF-8 without BOM).</summary>
    public static void Write(string path, IEnumerable<RegimenImportance> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder("method,regimen,feature,importance\n");
        foreach (var r in rows)
            text.Append(Quote(r.Method)).Append(',').Append(Quote(r.Regimen)).Append(',').Append(Quote(r.Feature)).Append(',')
                .Append(r.Importance.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
