using System.Globalization;
using System.Text;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Twin;

namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// Writes a study's tables: metrics.csv (metrics.md contract), metrics.md, paired.csv, qtwist_sensitivity.csv, the
/// per-(patient, replicate) and per-cycle CSVs and oracle.csv.
/// </summary>
public static class StudyReportWriter
{
    public const string MetricsCsv = "metrics.csv";
    public const string MetricsMarkdown = "metrics.md";

    /// <summary>Paired differences: method,comparator,metric,difference,difference_lo,difference_hi,n_patients.</summary>
    public const string PairedCsv = "paired.csv";

    /// <summary>Q-TWiST sensitivity: method,u_tox,u_rel,qtwist_days(_lo,_hi),gain_captured(_lo,_hi).</summary>
    public const string SensitivityCsv = "qtwist_sensitivity.csv";

    /// <summary>One row per (method, seed, patient, replicate); see <see cref="PerPatientHeader"/>.</summary>
    public const string PerPatientCsv = "per_patient.csv";

    /// <summary>Per-cycle toxicity cost: method,seed_index,patient_id,cycle,action,cost,replicate.</summary>
    public const string PerCycleCsv = "per_cycle.csv";

    /// <summary>The perfect-information planner per patient; see <see cref="OracleHeader"/>.</summary>
    public const string OracleCsv = "oracle.csv";

    /// <summary>Metrics of each method under each robustness condition (metrics.csv columns), when conditions ran.</summary>
    public const string RobustnessCsv = "robustness.csv";
    public const string RobustnessMarkdown = "robustness.md";

    /// <summary>
    /// per_patient.csv: value = J of the replicate (Q-TWiST days at the study's utility), oracle_value = the patient's
    /// V*, hold_value = V_hold, episode_reward = the twin's summed reward.
    /// </summary>
    public const string PerPatientHeader =
        "method,seed_index,patient_id,plan,value,oracle_value,stated_response_probability,best_response,pfs_days,pfs_event,severe_toxicity,episode_cost,"
        + "replicate,toxicity_days,twist_days,relapse_days,hold_value,episode_reward";

    /// <summary>
    /// oracle.csv: the plan chosen at the study's utility, V* and V_hold (evaluation replicates), the plan's
    /// severe-event probability and mean J on the oracle replicates, the number of plans within the limit, and whether
    /// the chosen one is (0: none was, the least risky was taken); seconds = this patient's planner time on one thread.
    /// </summary>
    public const string OracleHeader = "patient_id,plan,perfect_value,hold_value,severe_probability,safe_plans,within_limit,oracle_value,seconds";

    public static void Write(string folder, StudyResult result, IReadOnlyList<StudyPatient> test, ActionSet actions, PlanLibrary library)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(folder);
        Evaluation.MetricsCsv.WriteFile(Path.Combine(folder, MetricsCsv), result.Metrics);
        using (var md = Writer(Path.Combine(folder, MetricsMarkdown)))
            Evaluation.MetricsMarkdown.Write(md, result.Metrics);
        PairedTable.WriteFile(Path.Combine(folder, PairedCsv), result.Paired);
        QtwistSensitivity.WriteFile(Path.Combine(folder, SensitivityCsv), result.Sensitivity);
        if (result.Robustness.Count > 0)
        {
            Evaluation.MetricsCsv.WriteFile(Path.Combine(folder, RobustnessCsv), result.Robustness);
            using var md = Writer(Path.Combine(folder, RobustnessMarkdown));
            Evaluation.MetricsMarkdown.Write(md, result.Robustness);
        }

        var c = CultureInfo.InvariantCulture;
        using (var csv = Writer(Path.Combine(folder, PerPatientCsv)))
        {
            csv.WriteLine(PerPatientHeader);
            foreach (var (method, perSeed) in result.Outcomes)
                for (var s = 0; s < perSeed.Count; s++)
                    for (var i = 0; i < perSeed[s].Count; i++)
                    {
                        var o = perSeed[s][i];
                        var episode = result.Episodes[method][s][i];
                        var plan = PlanLibrary.DescribePlan(actions, episode.Actions.Where(a => a >= 0).ToArray());
                        csv.WriteLine(string.Join(",", Quote(method), s.ToString(c), o.PatientId, Quote(plan),
                            o.Value.ToString("R", c), o.PerfectValue.ToString("R", c), o.StatedResponseProbability.ToString("R", c),
                            o.BestOverallResponse, o.PfsDays.ToString("R", c), o.PfsEvent ? 1 : 0, o.HadSevereToxicity ? 1 : 0,
                            o.EpisodeToxicityCost.ToString("R", c), o.Replicate.ToString(c), o.ToxicityDays.ToString("R", c),
                            o.TwistDays.ToString("R", c), o.RelapseDays.ToString("R", c), o.HoldValue.ToString("R", c), episode.Value.ToString("R", c)));
                    }
        }
        // Toxicity over cycles for the report's figure: one row per decision cycle (follow-up cost added to the last).
        using (var csv = Writer(Path.Combine(folder, PerCycleCsv)))
        {
            csv.WriteLine("method,seed_index,patient_id,cycle,action,cost,replicate");
            foreach (var (method, perSeed) in result.Episodes)
                for (var s = 0; s < perSeed.Count; s++)
                    foreach (var episode in perSeed[s])
                        for (var k = 0; k < episode.CostPerCycle.Length; k++)
                            csv.WriteLine(string.Join(",", Quote(method), s.ToString(c), episode.PatientId, k.ToString(c),
                                (k < episode.Actions.Length ? episode.Actions[k] : -1).ToString(c), episode.CostPerCycle[k].ToString("R", c),
                                episode.Replicate.ToString(c)));
        }
        using (var csv = Writer(Path.Combine(folder, OracleCsv)))
        {
            csv.WriteLine(OracleHeader);
            for (var i = 0; i < test.Count; i++)
            {
                var r = result.PerfectInformation[i];
                var choice = r.For(result.Utility);
                csv.WriteLine(string.Join(",", test[i].Id, Quote(library.Describe(library.Plan(choice.Plan))), choice.Value.ToString("R", c),
                    choice.HoldValue.ToString("R", c), choice.SevereProbability.ToString("R", c), choice.SafePlans.ToString(c),
                    choice.WithinLimit ? 1 : 0, choice.OracleValue.ToString("R", c), r.Seconds.ToString("R", c)));
            }
        }
    }

    private static StreamWriter Writer(string path) => new(path, false, new UTF8Encoding(false)) { NewLine = "\n" };

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"") + "\"";
}
