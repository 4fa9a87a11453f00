using System.Globalization;
using System.Text;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Twin;

namespace DtSmdrl.Pipeline.Study;

/// <summary>Writes a study's tables: metrics.csv (metrics.md contract), metrics.md, per-patient and oracle CSVs.</summary>
public static class StudyReportWriter
{
    public const string MetricsCsv = "metrics.csv";
    public const string MetricsMarkdown = "metrics.md";
    public const string PerPatientCsv = "per_patient.csv";

    /// <summary>Per-cycle toxicity cost: method,seed_index,patient_id,cycle,action,cost.</summary>
    public const string PerCycleCsv = "per_cycle.csv";
    public const string OracleCsv = "oracle.csv";

    /// <summary>Metrics of each method under each robustness condition (metrics.csv columns), when conditions ran.</summary>
    public const string RobustnessCsv = "robustness.csv";
    public const string RobustnessMarkdown = "robustness.md";

    public static void Write(string folder, StudyResult result, IReadOnlyList<StudyPatient> test, ActionSet actions, PlanLibrary library)
    {
        Directory.CreateDirectory(folder);
        Evaluation.MetricsCsv.WriteFile(Path.Combine(folder, MetricsCsv), result.Metrics);
        using (var md = new StreamWriter(Path.Combine(folder, MetricsMarkdown), false, new UTF8Encoding(false)))
            Evaluation.MetricsMarkdown.Write(md, result.Metrics);
        if (result.Robustness.Count > 0)
        {
            Evaluation.MetricsCsv.WriteFile(Path.Combine(folder, RobustnessCsv), result.Robustness);
            using var md = new StreamWriter(Path.Combine(folder, RobustnessMarkdown), false, new UTF8Encoding(false));
            Evaluation.MetricsMarkdown.Write(md, result.Robustness);
        }

        var c = CultureInfo.InvariantCulture;
        using (var csv = new StreamWriter(Path.Combine(folder, PerPatientCsv), false, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            csv.WriteLine("method,seed_index,patient_id,plan,value,oracle_value,stated_response_probability,best_response,pfs_days,pfs_event,severe_toxicity,episode_cost");
            foreach (var (method, perSeed) in result.Outcomes)
                for (var s = 0; s < perSeed.Count; s++)
                    for (var i = 0; i < perSeed[s].Count; i++)
                    {
                        var o = perSeed[s][i];
                        var plan = PlanLibrary.DescribePlan(actions, result.Episodes[method][s][i].Actions.Where(a => a >= 0).ToArray());
                        csv.WriteLine(string.Join(",", Quote(method), s.ToString(c), o.PatientId, Quote(plan),
                            o.Value.ToString("R", c), o.OracleValue.ToString("R", c), o.StatedResponseProbability.ToString("R", c),
                            o.BestOverallResponse, o.PfsDays.ToString("R", c), o.PfsEvent ? 1 : 0, o.HadSevereToxicity ? 1 : 0,
                            o.EpisodeToxicityCost.ToString("R", c)));
                    }
        }
        // Toxicity over cycles for the report's figure: one row per decision cycle (follow-up cost added to the last).
        using (var csv = new StreamWriter(Path.Combine(folder, PerCycleCsv), false, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            csv.WriteLine("method,seed_index,patient_id,cycle,action,cost");
            foreach (var (method, perSeed) in result.Episodes)
                for (var s = 0; s < perSeed.Count; s++)
                    foreach (var episode in perSeed[s])
                        for (var k = 0; k < episode.CostPerCycle.Length; k++)
                            csv.WriteLine(string.Join(",", Quote(method), s.ToString(c), episode.PatientId, k.ToString(c),
                                (k < episode.Actions.Length ? episode.Actions[k] : -1).ToString(c), episode.CostPerCycle[k].ToString("R", c)));
        }
        using (var csv = new StreamWriter(Path.Combine(folder, OracleCsv), false, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            csv.WriteLine("patient_id,oracle_value,safe,safe_plans,plan");
            for (var i = 0; i < test.Count; i++)
            {
                var r = result.Oracle[i];
                csv.WriteLine(string.Join(",", test[i].Id, r.Value.ToString("R", c), r.Safe ? 1 : 0, r.SafePlans, Quote(library.Describe(library.Plan(r.BestPlan)))));
            }
        }
    }

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"") + "\"";
}
