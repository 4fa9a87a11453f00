using System.Globalization;
using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Study.Truth;

namespace DtSmdrl.Pipeline.Tests.Study;

/// <summary>The version-2 protocol end to end on a tiny cohort and short episodes.</summary>
[TestClass]
public sealed class StudyRunnerTests
{
    private static readonly TwinEnvironmentOptions Environment = new() { Cycles = 4, FollowUpDay = 126 };
    private static string folder = "";
    private static StudyCohort cohort = null!;
    private static StudyResult result = null!;
    private static IReadOnlyList<StudyPatient> test = null!;

    private static StudyRunOptions Options => new()
    {
        Environment = Environment, TrainingSeeds = [1, 2], BootstrapResamples = 50, ShowProgress = false, Threads = 2,
        Replicates = 2, OracleReplicates = 4,
    };

    /// <summary>A learned-looking arm that gives one regimen throughout (its name makes it a paired.csv comparator).</summary>
    private sealed class ConstantMethod(string name, int action, int cycles) : ITreatmentMethod
    {
        public string Name => name;
        public bool IsLearned => true;
        public void Fit(StudyData data, int seed, IProgress<string>? progress = null) { }
        public MethodPlan Prepare(IReadOnlyList<StudyPatient> testPatients) =>
            new(FixedPlanPolicy.Constant(action, testPatients.Count, cycles), testPatients.Select(_ => 0.4).ToArray());
    }

    [ClassInitialize]
    public static void RunTheProtocol(TestContext _)
    {
        folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-protocol-" + Guid.NewGuid().ToString("N"));
        CohortFolder.Write(Path.Combine(folder, "cohort"), new SyntheticCohortGenerator(new CohortOptions { Size = 60, Seed = 9 }));
        cohort = CohortFolder.Load(Path.Combine(folder, "cohort"));
        test = cohort.InSplit(CohortSplit.Test);
        var actions = Environment.Simulation.Actions;
        ITreatmentMethod[] methods = [new ClinicalBaselineMethod(actions), new ConstantMethod("DT-SMDRL", actions.IndexOf("immuno"), Environment.Cycles)];
        result = new StudyRunner(Options).Run(cohort.TrainingData(), test, cohort.TruthOf(test), methods);
        StudyReportWriter.Write(folder, result, test, actions, new PlanLibrary(actions, Environment.Cycles));
    }

    [ClassCleanup]
    public static void DeleteFolder()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
    }

    [TestMethod]
    public void ReferenceRowsComeFirstAndEveryRowCountsPatientsReplicatesAndSeeds()
    {
        CollectionAssert.AreEqual(new[] { StudyRunner.NoTreatment, StudyRunner.PerfectInformation, "Clinical Baseline", "DT-SMDRL" },
            result.Metrics.Select(m => m.Method).ToArray());
        Assert.IsTrue(result.Metrics.All(m => m.PatientCount == test.Count && m.ReplicateCount == 2));
        CollectionAssert.AreEqual(new[] { 1, 1, 1, 2 }, result.Metrics.Select(m => m.SeedCount).ToArray());
        Assert.HasCount(test.Count, result.PerfectInformation);
        Assert.IsGreaterThan(0.0, result.OracleSecondsPerPatient);
    }

    [TestMethod]
    public void ReferenceRowsRunThroughTheSameEpisodeCodeAndMatchThePlannersValues()
    {
        var hold = result.Metrics[0];
        var perfect = result.Metrics[1];
        // No treatment's episodes are the planner's V_hold valuation; its chosen plans' episodes are V*.
        var references = result.PerfectInformation.Select(p => p.For(QtwistUtility.Default)).ToList();
        Assert.AreEqual(references.Average(c => c.HoldValue), hold["qtwist_days"].Estimate, 1e-9);
        Assert.AreEqual(references.Average(c => c.Value), perfect["qtwist_days"].Estimate, 1e-9);
        Assert.AreEqual(0.0, hold["gain_captured"].Estimate, 1e-9);
        Assert.AreEqual(1.0, perfect["gain_captured"].Estimate, 1e-9);
        Assert.AreEqual(0.0, perfect["mean_regret_days"].Estimate, 1e-9);
        Assert.AreEqual(1.0, perfect["decision_accuracy"].Estimate);
        Assert.IsTrue(double.IsNaN(hold["precision"].Estimate), "the reference rows state no response probability");
    }

    [TestMethod]
    public void OutcomesCarryReplicatesDayCountsAndTheReferencesOfTheirPatient()
    {
        var byId = result.PerfectInformation.ToDictionary(p => p.PatientId);
        foreach (var (method, perSeed) in result.Outcomes)
            foreach (var seed in perSeed)
            {
                Assert.HasCount(2 * test.Count, seed);
                CollectionAssert.AreEquivalent(new[] { 0, 1 }, seed.Select(o => o.Replicate).Distinct().ToArray(), method);
                foreach (var o in seed)
                {
                    var choice = byId[o.PatientId].For(QtwistUtility.Default);
                    Assert.AreEqual(choice.Value, o.PerfectValue);
                    Assert.AreEqual(choice.HoldValue, o.HoldValue);
                    Assert.AreEqual(QtwistUtility.Default.Value(o.Days), o.Value, 1e-12);
                }
            }
    }

    [TestMethod]
    public void PairedRowsCompareEveryArmWithThePresentComparatorsOnPerPatientMetrics()
    {
        var perPatient = MetricsTable.Definitions().Where(d => d.DefinedPerPatient).Select(d => d.Column).ToList();
        CollectionAssert.AreEquivalent(new[] { "decision_accuracy", "response_rate", "tumour_reduction_pct", "violation_rate", "safety_compliance",
            "gain_captured", "mean_regret_days", "qtwist_days" }, perPatient);
        // "Supervised Model" did not run: only DT-SMDRL is a comparator, and it is not compared with itself.
        Assert.HasCount(3 * perPatient.Count, result.Paired);
        Assert.IsTrue(result.Paired.All(r => r.Comparator == "DT-SMDRL" && r.Method != "DT-SMDRL" && r.PatientCount == test.Count));
        var row = result.Paired.Single(r => r.Method == "Clinical Baseline" && r.Metric == "qtwist_days");
        var expected = result.Metrics[2]["qtwist_days"].Estimate - result.Metrics[3]["qtwist_days"].Estimate;
        Assert.AreEqual(expected, row.Difference.Estimate, 1e-9);
        Assert.IsTrue(row.Difference.Lower <= row.Difference.Estimate + 1e-9 && row.Difference.Estimate <= row.Difference.Upper + 1e-9);
    }

    [TestMethod]
    public void SensitivityTableRechoosesTheReferencesAndAgreesWithMetricsAtTheDefaultUtility()
    {
        Assert.HasCount(4 * 9, result.Sensitivity);
        foreach (var metrics in result.Metrics)
        {
            var atDefault = result.Sensitivity.Single(s => s.Method == metrics.Method && s.Utility == QtwistUtility.Default);
            Assert.AreEqual(metrics["qtwist_days"].Estimate, atDefault.QtwistDays.Estimate, 1e-9);
            Assert.AreEqual(metrics["gain_captured"].Estimate, atDefault.GainCaptured.Estimate, 1e-9);
        }
        // The perfect-information row is the planner re-chosen for each utility: all of the gain, the mean V* of that utility.
        foreach (var row in result.Sensitivity.Where(s => s.Method == StudyRunner.PerfectInformation))
        {
            Assert.AreEqual(1.0, row.GainCaptured.Estimate, 1e-9, $"u_TOX {row.Utility.Toxicity}, u_REL {row.Utility.Relapse}");
            Assert.AreEqual(result.PerfectInformation.Average(p => p.For(row.Utility).Value), row.QtwistDays.Estimate, 1e-9);
        }
        // Another arm's J is recomputed from its day counts.
        var clinical = result.Outcomes["Clinical Baseline"].SelectMany(s => s).ToList();
        var low = new QtwistUtility(0.25, 0.25);
        Assert.AreEqual(clinical.Average(o => low.Value(o.Days)),
            result.Sensitivity.Single(s => s.Method == "Clinical Baseline" && s.Utility == low).QtwistDays.Estimate, 1e-9);
        // A lower weight of toxic days never raises no treatment's Q-TWiST days.
        var hold = result.Sensitivity.Where(s => s.Method == StudyRunner.NoTreatment).ToList();
        Assert.IsTrue(hold.Single(s => s.Utility == new QtwistUtility(0.25, 0.5)).QtwistDays.Estimate
            <= hold.Single(s => s.Utility == new QtwistUtility(0.75, 0.5)).QtwistDays.Estimate + 1e-9);
    }

    [TestMethod]
    public void WritesTheVersionTwoFiles()
    {
        var metrics = File.ReadAllLines(Path.Combine(folder, StudyReportWriter.MetricsCsv));
        Assert.AreEqual(string.Join(",", MetricsTable.CsvColumns), metrics[0]);
        Assert.HasCount(1 + 4, metrics);
        Assert.StartsWith(StudyRunner.NoTreatment + ",", metrics[1]);
        var paired = File.ReadAllLines(Path.Combine(folder, StudyReportWriter.PairedCsv));
        Assert.AreEqual("method,comparator,metric,difference,difference_lo,difference_hi,n_patients", paired[0]);
        Assert.HasCount(1 + result.Paired.Count, paired);
        var sensitivity = File.ReadAllLines(Path.Combine(folder, StudyReportWriter.SensitivityCsv));
        Assert.AreEqual("method,u_tox,u_rel,qtwist_days,qtwist_days_lo,qtwist_days_hi,gain_captured,gain_captured_lo,gain_captured_hi", sensitivity[0]);
        Assert.StartsWith("No treatment,0.25,0.25,", sensitivity[1]);
        var oracle = File.ReadAllLines(Path.Combine(folder, StudyReportWriter.OracleCsv));
        Assert.AreEqual(StudyReportWriter.OracleHeader, oracle[0]);
        Assert.HasCount(1 + test.Count, oracle);
        var perPatient = File.ReadAllLines(Path.Combine(folder, StudyReportWriter.PerPatientCsv));
        Assert.AreEqual(StudyReportWriter.PerPatientHeader, perPatient[0]);
        // Four arms, the learned one with two seeds, two replicates per patient.
        Assert.HasCount(1 + (1 + 1 + 1 + 2) * 2 * test.Count, perPatient);
        var perCycle = File.ReadAllLines(Path.Combine(folder, StudyReportWriter.PerCycleCsv));
        Assert.HasCount(1 + (1 + 1 + 1 + 2) * 2 * test.Count * Environment.Cycles, perCycle);
        var value = double.Parse(perPatient[1].Split(',')[5], CultureInfo.InvariantCulture);
        Assert.IsTrue(value is >= 0 and <= 126, "oracle_value is V* in days");
    }

    [TestMethod]
    public void TheSameSeedsGiveTheSameTable()
    {
        var actions = Environment.Simulation.Actions;
        var again = new StudyRunner(Options with { Threads = 1 }).Run(cohort.TrainingData(), test, cohort.TruthOf(test),
            [new ClinicalBaselineMethod(actions), new ConstantMethod("DT-SMDRL", actions.IndexOf("immuno"), Environment.Cycles)]);
        var first = new StringWriter();
        var second = new StringWriter();
        MetricsCsv.Write(first, result.Metrics);
        MetricsCsv.Write(second, again.Metrics);
        Assert.AreEqual(first.ToString(), second.ToString());
    }

    [TestMethod]
    public void TruthMustListTheTestPatientsInOrder()
    {
        var truth = cohort.TruthOf(test).Reverse().ToList();
        var error = Assert.ThrowsExactly<ArgumentException>(() => new StudyRunner(Options).Run(cohort.TrainingData(), test, truth, []));
        StringAssert.Contains(error.Message, "truth");
    }

    [TestMethod]
    public void AMethodCannotTakeAReferenceRowsName()
    {
        var impostor = new ConstantMethod(StudyRunner.PerfectInformation, 0, Environment.Cycles);
        var error = Assert.ThrowsExactly<ArgumentException>(() => new StudyRunner(Options).Run(cohort.TrainingData(), test, cohort.TruthOf(test), [impostor]));
        StringAssert.Contains(error.Message, StudyRunner.PerfectInformation);
    }

    [TestMethod]
    public void TheDefaultSolverGivesThePlannersOwnResultsForEveryPatient()
    {
        // What StudyRunner computed before the solver seam: one planner of the library of the environment, the study's
        // utility then the sensitivity grid, R_o and R of the options.
        var options = Options;
        var planner = new PerfectInformationPlanner(new PlanLibrary(Environment.Simulation.Actions, Environment.Cycles), Environment,
            options.OracleReplicates, options.Replicates, [options.Utility, .. QtwistUtility.SensitivityGrid], options.SevereEventLimit);
        var truth = cohort.TruthOf(test);
        for (var i = 0; i < test.Count; i++)
        {
            var expected = planner.Solve(truth[i]);
            var actual = result.PerfectInformation[i];
            Assert.AreEqual(expected.PatientId, actual.PatientId);
            CollectionAssert.AreEqual(expected.PlanDays, actual.PlanDays);
            CollectionAssert.AreEqual(expected.PlanSevereProbability, actual.PlanSevereProbability);
            CollectionAssert.AreEqual(expected.Choices.ToArray(), actual.Choices.ToArray());
        }
    }

    /// <summary>A solver that answers in another order than the test patients'.</summary>
    private sealed class ReversingSolver : IPerfectInformationSolver
    {
        public IReadOnlyList<PerfectInformationResult> Solve(PerfectInformationSettings settings, IReadOnlyList<EvaluationTruth> truth, Action? solved = null) =>
            new ParallelPerfectInformationSolver(1).Solve(settings, truth, solved).Reverse().ToList();
    }

    [TestMethod]
    public void ASolverThatAnswersOutOfOrderIsRefused()
    {
        var actions = Environment.Simulation.Actions;
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => new StudyRunner(Options, new ReversingSolver())
            .Run(cohort.TrainingData(), test, cohort.TruthOf(test), [new ClinicalBaselineMethod(actions)]));
        StringAssert.Contains(error.Message, "in test order");
    }
}
