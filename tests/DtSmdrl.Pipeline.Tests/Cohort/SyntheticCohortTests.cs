using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Study;

namespace DtSmdrl.Pipeline.Tests.Cohort;

[TestClass]
public sealed class SyntheticCohortTests
{
    private static string TempFolder() => Directory.CreateTempSubdirectory("dtsmdrl-cohort-").FullName;

    [TestMethod]
    public void SameSeedGivesTheSameFilesWhateverTheChunkSize()
    {
        string a = TempFolder(), b = TempFolder(), c = TempFolder();
        try
        {
            var first = CohortFolder.Write(a, new SyntheticCohortGenerator(new CohortOptions { Size = 120, Seed = 7, ChunkSize = 50 }));
            var second = CohortFolder.Write(b, new SyntheticCohortGenerator(new CohortOptions { Size = 120, Seed = 7, ChunkSize = 120 }));
            var other = CohortFolder.Write(c, new SyntheticCohortGenerator(new CohortOptions { Size = 120, Seed = 8 }));
            foreach (var file in first.Files.Keys)
                Assert.AreEqual(first.Files[file], second.Files[file], $"{file} differs between chunk sizes");
            Assert.AreNotEqual(first.Files[CohortFolder.Patients], other.Files[CohortFolder.Patients]);
        }
        finally
        {
            foreach (var f in new[] { a, b, c }) Directory.Delete(f, true);
        }
    }

    [TestMethod]
    public void LoadedCohortIsValidStratifiedAndKeepsTruthApart()
    {
        var folder = TempFolder();
        try
        {
            var manifest = CohortFolder.Write(folder, new SyntheticCohortGenerator(new CohortOptions { Size = 300, Seed = 3 }));
            Assert.AreEqual(300, manifest.Train + manifest.Validation + manifest.Test);
            Assert.AreEqual(0.6, manifest.Train / 300.0, 0.03);
            Assert.AreEqual(0.2, manifest.Test / 300.0, 0.03);

            var cohort = CohortFolder.Load(folder);
            Assert.AreEqual(300, cohort.Patients.Count);
            Assert.AreEqual(300, cohort.Courses.Count);
            // Observed data never contains the truth file's latent names.
            var observedText = File.ReadAllText(Path.Combine(folder, CohortFolder.Patients));
            StringAssert.DoesNotMatch(observedText, new System.Text.RegularExpressions.Regex("responder|latent|resistant_fraction"));
            // Missingness is explicit and present at a plausible rate.
            var missingSignals = cohort.Patients.Count(p => p.Observed.Signals is null) / 300.0;
            Assert.IsTrue(missingSignals is > 0.1 and < 0.45, $"signals missing for {missingSignals:P0}");
            // The confounded clinician gave EGFR-mutant patients the kinase inhibitor most of the time.
            var egfr = cohort.Courses.Where(c => c.Group == DtSmdrl.Pipeline.Baselines.GuidelineGroup.EgfrMutant).ToList();
            Assert.IsTrue(egfr.Count > 10);
            Assert.IsTrue(egfr.Count(c => c.FirstRegimen == "targeted") > 0.6 * egfr.Count);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [TestMethod]
    public void EditedCohortIsRefused()
    {
        var folder = TempFolder();
        try
        {
            CohortFolder.Write(folder, new SyntheticCohortGenerator(new CohortOptions { Size = 20, Seed = 1 }));
            File.AppendAllText(Path.Combine(folder, CohortFolder.Splits), "P9999999,test\n");
            var error = Assert.ThrowsExactly<InvalidDataException>(() => CohortFolder.Load(folder));
            StringAssert.Contains(error.Message, "splits.csv");
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
