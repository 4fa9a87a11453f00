using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;

namespace DtSmdrl.Pipeline.Tests.Study;

[TestClass]
public sealed class RobustnessConditionTests
{
    private static readonly CohortOptions Options = new() { Size = 60, Seed = 9 };
    private static string folder = "";
    private static StudyCohort cohort = null!;

    [ClassInitialize]
    public static void WriteCohort(TestContext _)
    {
        folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-robustness-" + Guid.NewGuid().ToString("N"));
        CohortFolder.Write(folder, new SyntheticCohortGenerator(Options));
        cohort = CohortFolder.Load(folder);
    }

    [ClassCleanup]
    public static void DeleteCohort()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
    }

    [TestMethod]
    public void MissingModalitiesKeepsTruthRemovesAboutTheFractionAndIsDeterministic()
    {
        var patients = cohort.Patients;
        var first = RobustnessCondition.MissingModalities(patients, 0.3, seed: 1);
        var second = RobustnessCondition.MissingModalities(patients, 0.3, seed: 1);
        Assert.AreEqual("30% modalities missing", first.Name);
        CollectionAssert.AreEqual(patients.Select(p => p.Id).ToList(), first.Test.Select(p => p.Id).ToList());
        CollectionAssert.AreEqual(first.Test.Select(p => Present(p.Observed)).ToList(), second.Test.Select(p => Present(p.Observed)).ToList());

        var before = patients.Sum(p => Present(p.Observed));
        var after = first.Test.Sum(p => Present(p.Observed));
        var removed = (before - after) / (double)before;
        Assert.IsTrue(removed is > 0.2 and < 0.4, $"removed {removed:P1} of the present modalities");
        Assert.IsTrue(first.Test.Zip(patients).All(pair => Present(pair.First.Observed) <= Present(pair.Second.Observed)));

        var none = RobustnessCondition.MissingModalities(patients, 0, seed: 1);
        Assert.IsTrue(none.Test.Zip(patients).All(pair => ReferenceEquals(pair.First.Observed, pair.Second.Observed)));
    }

    [TestMethod]
    public void ScaledNoiseObservesTheSameTruePatientsWithMoreNoise()
    {
        var test = cohort.InSplit(CohortSplit.Test);
        var truth = cohort.TruthOf(test);
        var noisier = RobustnessCondition.ScaledNoise(test, truth, cohort.Manifest.Options, 2.0);
        Assert.AreEqual("noise x2", noisier.Name);
        CollectionAssert.AreEqual(test.Select(p => p.Id).ToList(), noisier.Test.Select(p => p.Id).ToList());
        var ancBefore = test.Select(p => p.Observed.Labs?.Anc10e9PerL).ToList();
        var ancAfter = noisier.Test.Select(p => p.Observed.Labs?.Anc10e9PerL).ToList();
        Assert.IsTrue(ancBefore.Zip(ancAfter).Any(pair => pair.First is { } a && pair.Second is { } b && a != b), "doubling the noise changed no ANC value");

        // A cohort regenerated from other options has other true twins: refused, naming the patient.
        var error = Assert.ThrowsExactly<InvalidDataException>(() => RobustnessCondition.ScaledNoise(test, truth, Options with { Seed = 10 }, 2.0));
        StringAssert.Contains(error.Message, test[0].Id);
    }

    [TestMethod]
    public void RunnerDecidesEveryConditionWithTheFittedMethodOnTheSameTwins()
    {
        var environment = new TwinEnvironmentOptions { Cycles = 2, FollowUpDay = 84 };
        var test = cohort.InSplit(CohortSplit.Test).Take(6).ToList();
        var conditions = new[] { RobustnessCondition.MissingModalities(test, 1.0, seed: 2) };
        var method = new ClinicalBaselineMethod(environment.Simulation.Actions);
        var result = new StudyRunner(new StudyRunOptions { Environment = environment, TrainingSeeds = [1], BootstrapResamples = 10, ShowProgress = false, Threads = 1, OracleReplicates = 4, Replicates = 2 })
            .Run(cohort.TrainingData(), test, cohort.TruthOf(test), [method], conditions);
        Assert.AreEqual(1, result.Robustness.Count);
        Assert.AreEqual("Clinical Baseline (100% modalities missing)", result.Robustness[0].Method);
        Assert.AreEqual(test.Count, result.Robustness[0].PatientCount);

        var mismatched = new[] { new RobustnessCondition("reordered", test.AsEnumerable().Reverse().ToList()) };
        Assert.ThrowsExactly<ArgumentException>(() => new StudyRunner(new StudyRunOptions { Environment = environment, TrainingSeeds = [1], BootstrapResamples = 10, ShowProgress = false })
            .Run(cohort.TrainingData(), test, cohort.TruthOf(test), [method], mismatched));
    }

    private static int Present(DtSmdrl.Pipeline.Data.Records.PatientRecord r) =>
        (r.Clinical is null ? 0 : 1) + (r.Labs is null ? 0 : 1) + (r.Omics is null ? 0 : 1) + (r.Imaging is null ? 0 : 1) + (r.Signals is null ? 0 : 1) + (r.History is null ? 0 : 1);
}
