using DtSmdrl.Host.Cli;

namespace DtSmdrl.Host.Tests;

[TestClass]
public sealed class ReportCommandTests
{
    [TestMethod]
    public void WritesTheReportOfAStudyFolder()
    {
        var folder = Directory.CreateTempSubdirectory("dtsmdrl-report-cli-").FullName;
        try
        {
            string[] metrics = ["decision_accuracy", "precision", "recall", "response_rate", "tumour_reduction_pct", "pfs_median_days", "pfs_rmst_days",
                "violation_rate", "safety_compliance", "cvar90_cost", "gain_captured", "mean_regret_days", "qtwist_days", "ece"];
            var header = "method," + string.Join(",", metrics.Select(m => $"{m},{m}_lo,{m}_hi")) + ",n_patients,n_replicates,n_seeds";
            string Row(string method, double v) => method + string.Concat(metrics.Select(_ => $",{v},{v - 0.05},{v + 0.05}")) + ",20,4,1";
            File.WriteAllText(Path.Combine(folder, "metrics.csv"), string.Join("\n", header, Row("Supervised Model", 0.4), Row("DT-SMDRL", 0.6)) + "\n");
            File.WriteAllText(Path.Combine(folder, "paired.csv"), "method,comparator,metric,difference,difference_lo,difference_hi,n_patients\n"
                + "Supervised Model,DT-SMDRL,gain_captured,-0.2,-0.3,-0.1,20\n");

            var (code, output) = CliInvoker.Invoke("report", "--study", folder);
            Assert.AreEqual(ExitCodes.Success, code, output);
            var markdown = File.ReadAllText(Path.Combine(folder, "report.md"));
            StringAssert.Contains(markdown, "DT-SMDRL beats Supervised Model (+20.0 pts [10.0, 30.0])");
            Assert.IsTrue(File.Exists(Path.Combine(folder, "figures", "fig_paired_dt_smdrl.svg")));
            Assert.IsTrue(File.Exists(Path.Combine(folder, "report.html")));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [TestMethod]
    public void AFolderWithoutMetricsExitsFourWithOneLine()
    {
        var folder = Directory.CreateTempSubdirectory("dtsmdrl-report-cli-").FullName;
        try
        {
            var (code, output) = CliInvoker.Invoke("report", "--study", folder);
            Assert.AreEqual(ExitCodes.BadInputFile, code, output);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.HasCount(1, lines, output);
            Assert.AreEqual($"dtsmdrl report: {folder}: metrics.csv not found; is this a `dtsmdrl study` output folder?", lines[0]);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
