using DtSmdrl.Pipeline.Report;

namespace DtSmdrl.Pipeline.Tests.Report;

[TestClass]
public sealed class ImportanceFigureTests
{
    [TestMethod]
    public void OneFigurePerMethodInImportanceCsv()
    {
        var folder = Directory.CreateTempSubdirectory("importance-figure").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "importance.csv"),
                "method,regimen,feature,importance\nDT-SMDRL,immuno,omics.pdl1_tps_pct,0.3\nDT-SMDRL,targeted,omics.mut.EGFR,0.5\n"
                + "Supervised Model,immuno,omics.pdl1_tps_pct,0.2\nSupervised Model,targeted,omics.mut.EGFR,0.1\n");
            File.WriteAllText(Path.Combine(folder, "metrics.csv"), "method,patients,seeds\n");
            var figures = ReportFigures.WriteAll(folder, []);
            var importance = figures.Where(f => f.Stem.StartsWith("fig_importance", StringComparison.Ordinal)).ToList();
            CollectionAssert.AreEqual(new[] { "fig_importance", "fig_importance_supervised_model" }, importance.Select(f => f.Stem).ToArray());
            foreach (var f in importance)
            {
                Assert.IsGreaterThan(1000L, new FileInfo(f.PngPath).Length);
                StringAssert.Contains(f.Caption, f.Stem == "fig_importance" ? "of DT-SMDRL" : "of Supervised Model");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
