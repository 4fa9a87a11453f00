using System.Globalization;
using System.Text;

namespace DtSmdrl.Pipeline.Study;

/// <summary>Writes the adaptation-speed measurement: adaptation.csv (every curve point) and adaptation.md (the summary table).</summary>
public static class AdaptationReportWriter
{
    public const string CurvesCsv = "adaptation.csv";
    public const string SummaryMarkdown = "adaptation.md";

    public static void Write(string folder, IReadOnlyList<AdaptationCurve> curves, int maxUpdates)
    {
        var c = CultureInfo.InvariantCulture;
        var csv = new StringBuilder("initialisation,patient_id,update,value,oracle_value,episodes_in_update,updates_to_reach\n");
        foreach (var curve in curves)
            for (var k = 0; k < curve.Values.Count; k++)
                csv.Append(c, $"{curve.Initialisation},{curve.PatientId},{k},{curve.Values[k]:R},{curve.OracleValue:R},")
                   .Append(k == 0 ? "" : curve.EpisodesPerUpdate[k - 1].ToString(c)).Append(',')
                   .Append(curve.UpdatesToReach?.ToString(c) ?? "").Append('\n');
        File.WriteAllText(Path.Combine(folder, CurvesCsv), csv.ToString());
        File.WriteAllText(Path.Combine(folder, SummaryMarkdown), Markdown(AdaptationSummary.Of(curves, maxUpdates)));
    }

    /// <summary>The summary as a markdown table plus the meta-vs-population reduction line.</summary>
    public static string Markdown(IReadOnlyList<AdaptationSummary> rows)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.Append("| Initialisation | Patients | Reached 90% of J* within K | Mean updates (not reached = K+1) | Mean updates when reached | Mean episodes when reached | Mean J before | Mean J after K | Mean J* |\n");
        md.Append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var r in rows)
            md.Append(c, $"| {r.Initialisation} | {r.Patients} | {r.ShareReached:P1} (K = {r.MaxUpdates}) | {r.MeanUpdates:F2} | {r.MeanUpdatesWhenReached:F2} | {r.MeanEpisodesWhenReached:F1} | {r.MeanValueBefore:F3} | {r.MeanValueAfter:F3} | {r.MeanOracleValue:F3} |\n");
        var meta = rows.FirstOrDefault(r => r.Initialisation == Agent.Arms.InitialisationKind.Meta);
        var population = rows.FirstOrDefault(r => r.Initialisation == Agent.Arms.InitialisationKind.Population);
        var random = rows.FirstOrDefault(r => r.Initialisation == Agent.Arms.InitialisationKind.Random);
        if (meta is not null && population is not null)
            md.Append(c, $"\nMeta-learned vs population-trained initialisation: {AdaptationSummary.Reduction(meta, population):P1} fewer updates");
        if (meta is not null && random is not null)
            md.Append(c, $"; vs random initialisation: {AdaptationSummary.Reduction(meta, random):P1} fewer.\n");
        return md.ToString();
    }
}
