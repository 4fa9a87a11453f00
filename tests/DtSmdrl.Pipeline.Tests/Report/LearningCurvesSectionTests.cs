using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Report;

namespace DtSmdrl.Pipeline.Tests.Report;

[TestClass]
public sealed class LearningCurvesSectionTests
{
    private static SeedCurve Curve(string method, int seed, Func<int, double> returnAt) =>
        new(method, seed, Enumerable.Range(0, 40).Select(i => new TrainingCurvePoint(1000L * (i + 1), 0.25 * i, returnAt(i), 0.01 * i)).ToList());

    [TestMethod]
    public void TheStudyFilesRoundTripAndTheReportNamesTheArmThatHasNotPlateaued()
    {
        var folder = Directory.CreateTempSubdirectory("dtsmdrl-curves-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "manifest.json"), "{\"profile\": \"quick\"}");
            var flat = Curve("DT-SMDRL", 1001, i => i < 20 ? 2.0 * i : 40 + (i % 2 == 0 ? 1 : -1));
            var rising = Curve("DRL, pooled", 1001, i => i + (i % 2 == 0 ? 0.5 : -0.5));
            var empty = new SeedCurve("Digital Twin + DRL", 1002, []);
            LearningCurveFiles.Write(folder, [flat, rising, empty]);

            var curvesText = File.ReadAllLines(Path.Combine(folder, LearningCurveFiles.CurvesFile));
            Assert.AreEqual("method,seed,env_steps,seconds,return,cost", curvesText[0]);
            Assert.AreEqual(81, curvesText.Length);
            StringAssert.StartsWith(curvesText[41], "\"DRL, pooled\",1001,1000,");
            var read = LearningCurveFiles.ReadCurves(Path.Combine(folder, LearningCurveFiles.CurvesFile));
            Assert.AreEqual(2, read.Count);
            CollectionAssert.AreEqual(flat.Points.ToArray(), read[0].Points.ToArray());

            var convergenceText = File.ReadAllLines(Path.Combine(folder, LearningCurveFiles.ConvergenceFile));
            Assert.AreEqual("method,seed,reached,env_steps,seconds,plateau,target,plateaued", convergenceText[0]);
            Assert.AreEqual("Digital Twin + DRL,1002,false,,,,,false", convergenceText[3]);
            var rows = LearningCurveFiles.ReadConvergence(Path.Combine(folder, LearningCurveFiles.ConvergenceFile));
            Assert.IsTrue(rows[0].Reached && rows[0].Plateaued);
            Assert.AreEqual(LearningCurves.Convergence(flat.Points).EnvSteps, rows[0].EnvSteps);
            Assert.IsFalse(rows[1].Plateaued);

            var blocks = LearningCurvesSection.Blocks(folder);
            var sentences = blocks.OfType<BulletsBlock>().Single().Items;
            Assert.AreEqual(2, sentences.Count);
            StringAssert.StartsWith(sentences[0], "DRL, pooled has not plateaued at the quick profile's budget (1 of 1 training seeds: 1001)");
            StringAssert.StartsWith(sentences[1], "Digital Twin + DRL has not plateaued at the quick profile's budget");
            Assert.AreEqual(3, blocks.OfType<TableBlock>().Single().Rows.Count);

            var figures = LearningCurvesSection.Figures(folder, folder);
            CollectionAssert.AreEqual(new[] { "fig_learning_curves_return", "fig_learning_curves_cost" }, figures.Select(f => f.Stem).ToArray());
            Assert.IsTrue(figures.All(f => File.Exists(f.SvgPath) && File.Exists(f.PngPath)));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [TestMethod]
    public void WithoutTheFilesTheSectionIsEmpty()
    {
        var folder = Directory.CreateTempSubdirectory("dtsmdrl-curves-").FullName;
        try
        {
            Assert.AreEqual(0, LearningCurvesSection.Blocks(folder).Count);
            Assert.AreEqual(0, LearningCurvesSection.Figures(folder, folder).Count);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
