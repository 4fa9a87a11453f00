using System.Globalization;
using System.Text;

namespace DtSmdrl.Pipeline.Benchmarks.Zhao;

/// <summary>The benchmark table as text (console, README) and as CSV.</summary>
public static class ZhaoBenchmarkReport
{
    /// <summary>CSV header of <see cref="WriteCsv"/>.</summary>
    public const string CsvHeader = "regimen,patients,mean_reward,reward_ci_low,reward_ci_high,survival,mean_months_survived,mean_final_w,mean_final_m," +
        "policy_minus_regimen_reward,difference_ci_low,difference_ci_high,policy_minus_regimen_survival,policy_beats_reward,policy_beats_survival";

    /// <summary>The table: one row for the policy, one for the oracle (when evaluated), one per constant dose with the paired difference to the policy.</summary>
    public static string FormatTable(ZhaoBenchmarkResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"regimen",-13} {"mean reward",11} {"95% CI",17} {"survival",9} {"months",7} {"final W",8} {"final M",8} {"policy - regimen (95% CI)",27} {"beaten",7}");
        text.AppendLine(Row(result.Policy, null));
        if (result.Oracle is not null)
            text.AppendLine(Row(result.Oracle, result.OracleComparison));
        foreach (var c in result.Comparisons)
            text.AppendLine(Row(c.Regimen, c));
        text.Append(CultureInfo.InvariantCulture, $"{result.Policy.Patients} patients, common random numbers; beaten: R = policy has higher mean reward, S = higher survival; policy beats every constant dose 0.1-1.0 in mean reward and survival: {(result.PolicyBeatsEveryConstantDose ? "yes" : "NO")}");
        return text.ToString();
    }

    /// <summary>Writes the table rows (policy first) as CSV.</summary>
    public static void WriteCsv(string path, ZhaoBenchmarkResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var csv = new StreamWriter(path);
        csv.WriteLine(CsvHeader);
        csv.WriteLine(CsvRow(result.Policy, null));
        if (result.Oracle is not null)
            csv.WriteLine(CsvRow(result.Oracle, result.OracleComparison));
        foreach (var c in result.Comparisons)
            csv.WriteLine(CsvRow(c.Regimen, c));
    }

    private static string Row(ZhaoRegimenResult r, ZhaoComparison? c)
    {
        var ci = $"[{r.RewardCiLow:F2}, {r.RewardCiHigh:F2}]";
        var difference = c is null ? "" : $"{c.RewardDifference:F2} [{c.DifferenceCiLow:F2}, {c.DifferenceCiHigh:F2}]";
        var beaten = c is null ? "" : (c.BeatsInReward ? "R" : "-") + (c.BeatsInSurvival ? "S" : "-");
        return string.Create(CultureInfo.InvariantCulture,
            $"{r.Regimen,-13} {r.MeanReward,11:F2} {ci,17} {r.Survival,9:P1} {r.MeanMonthsSurvived,7:F2} {r.MeanFinalW,8:F3} {r.MeanFinalM,8:F3} {difference,27} {beaten,7}");
    }

    private static string CsvRow(ZhaoRegimenResult r, ZhaoComparison? c)
    {
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var fields = new List<string>
        {
            r.Regimen, r.Patients.ToString(CultureInfo.InvariantCulture), F(r.MeanReward), F(r.RewardCiLow), F(r.RewardCiHigh),
            F(r.Survival), F(r.MeanMonthsSurvived), F(r.MeanFinalW), F(r.MeanFinalM),
        };
        fields.AddRange(c is null
            ? ["", "", "", "", "", ""]
            : [F(c.RewardDifference), F(c.DifferenceCiLow), F(c.DifferenceCiHigh), F(c.SurvivalDifference), c.BeatsInReward ? "true" : "false", c.BeatsInSurvival ? "true" : "false"]);
        return string.Join(',', fields);
    }
}
