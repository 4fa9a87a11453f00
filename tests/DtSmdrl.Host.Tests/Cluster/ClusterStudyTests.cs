using DtSmdrl.Host.Cluster;
using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Study.Truth;
using Microsoft.Extensions.DependencyInjection;

namespace DtSmdrl.Host.Tests.Cluster;

/// <summary>
/// The study's perfect-information search on a 3-silo in-process cluster writes the same study files as the search in
/// process: metrics.csv and paired.csv byte for byte, oracle.csv apart from its wall-time column.
/// </summary>
[TestClass]
public sealed class ClusterStudyTests
{
    private static readonly TwinEnvironmentOptions Environment = new() { Cycles = 4, FollowUpDay = 126 };

    private static StudyRunOptions Options => new()
    {
        Environment = Environment, TrainingSeeds = [1], BootstrapResamples = 50, ShowProgress = false, Threads = 2,
        Replicates = 1, OracleReplicates = 4, PairedComparators = ["Clinical Baseline"],
    };

    [TestMethod]
    public async Task ThreeSilosWriteTheSameStudyFilesAsTheInProcessSearch()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-host-tests", "cluster-study-" + Guid.NewGuid().ToString("N"));
        using var db = TestDatabase.Create("sqlite");
        try
        {
            CohortFolder.Write(Path.Combine(folder, "cohort"), new SyntheticCohortGenerator(new CohortOptions { Size = 200, Seed = 5 }));
            var cohort = CohortFolder.Load(Path.Combine(folder, "cohort"));
            var test = cohort.InSplit(CohortSplit.Test);
            Assert.IsGreaterThanOrEqualTo(30, test.Count);

            var local = Path.Combine(folder, "in-process");
            Write(local, new StudyRunner(Options).Run(cohort.TrainingData(), test, cohort.TruthOf(test), [Method()]), test);

            var settings = TestHost.Settings(db);
            settings["Cluster:CallTimeoutSeconds"] = TestClusters.CallTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await using var cluster = await TestClusters.StartAsync(settings, 3);
            using var host = TestClusters.JobHost(cluster, settings);
            var solver = host.Services.GetRequiredService<ClusterPerfectInformationSolver>();
            Assert.AreEqual(3, solver.ActiveSilos());
            var solved = 0;
            var counting = new CountingSolver(solver, () => Interlocked.Increment(ref solved));
            var clustered = Path.Combine(folder, "cluster");
            Write(clustered, new StudyRunner(Options, counting).Run(cohort.TrainingData(), test, cohort.TruthOf(test), [Method()]), test);
            Assert.AreEqual(test.Count, solved, "one progress tick per patient");

            foreach (var file in new[] { StudyReportWriter.MetricsCsv, StudyReportWriter.PairedCsv })
                CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(local, file)), File.ReadAllBytes(Path.Combine(clustered, file)), file);
            var localOracle = WithoutSeconds(Path.Combine(local, StudyReportWriter.OracleCsv));
            Assert.HasCount(test.Count + 1, localOracle);
            CollectionAssert.AreEqual(localOracle, WithoutSeconds(Path.Combine(clustered, StudyReportWriter.OracleCsv)), "oracle.csv");
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void APatientsWorkCarriesItsTruthAndSettingsExactly()
    {
        var settings = PerfectInformationSettings.For(Options);
        var truth = new EvaluationTruth("p-1", TestTwin(), 0xFEDC_BA98_7654_3210UL);
        var work = PerfectInformationWork.Of(PerfectInformationWork.WriteSettings(settings), truth);
        Assert.AreEqual(truth, work.ReadTruth());
        var read = work.ReadSettings();
        Assert.AreEqual(settings.Environment.Cycles, read.Environment.Cycles);
        Assert.AreEqual(settings.Environment.FollowUpDay, read.Environment.FollowUpDay);
        CollectionAssert.AreEqual(settings.Utilities.ToArray(), read.Utilities.ToArray());
        var answer = settings.CreatePlanner().Solve(truth);
        var back = PerfectInformationAnswer.Of(answer).Read();
        CollectionAssert.AreEqual(answer.PlanDays, back.PlanDays);
        CollectionAssert.AreEqual(answer.PlanSevereProbability, back.PlanSevereProbability);
        CollectionAssert.AreEqual(answer.Choices.ToArray(), back.Choices.ToArray());
        Assert.AreEqual(answer.Seconds, back.Seconds);
    }

    private static ClinicalBaselineMethod Method() => new(Environment.Simulation.Actions);

    private static void Write(string folder, StudyResult result, IReadOnlyList<StudyPatient> test) =>
        StudyReportWriter.Write(folder, result, test, Environment.Simulation.Actions, new PlanLibrary(Environment.Simulation.Actions, Environment.Cycles));

    // The last column is one thread's wall time of the patient's search: it differs between any two runs.
    private static string[] WithoutSeconds(string path) =>
        File.ReadAllLines(path).Select(line => line[..line.LastIndexOf(',')]).ToArray();

    private static DtSmdrl.Pipeline.Twin.Models.NsclcParameters TestTwin()
    {
        var cohort = new SyntheticCohortGenerator(new CohortOptions { Size = 5, Seed = 3 });
        return cohort.Generate().First().Truth.Parameters;
    }

    /// <summary>Counts the solver's progress ticks (what StudyRunner's progress bar receives).</summary>
    private sealed class CountingSolver(IPerfectInformationSolver inner, Action tick) : IPerfectInformationSolver
    {
        public IReadOnlyList<PerfectInformationResult> Solve(PerfectInformationSettings settings, IReadOnlyList<EvaluationTruth> truth, Action? solved = null) =>
            inner.Solve(settings, truth, () => { tick(); solved?.Invoke(); });
    }
}
