using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Report;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Study.Example;
using DtSmdrl.Pipeline.Study.Truth;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Tests.Study;

[TestClass]
public sealed class ExamplePatientStudyTests
{
    private static readonly DateTimeOffset Date = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Short episodes keep the test fast: 2 cycles and follow-up to day 63.
    private static readonly TwinEnvironmentOptions Environment = new() { Cycles = 2, FollowUpDay = 63 };

    // The example patients' truth: the typical twin, dice seed 17.
    private static EvaluationTruth TruthOf(StudyPatient patient) => new(patient.Id, NsclcParameters.Typical, 17UL);

    private static StudyPatient Patient(string id, double? sld, NsclcParameters twin)
    {
        var record = new PatientRecord
        {
            PatientId = id,
            Imaging = sld is { } d ? new ImagingStudy { AcquiredAt = Date, LesionDiametersMm = [d / 2, d / 2] } : null,
        };
        return new StudyPatient(id, CohortSplit.Test, record, GuidelineBiomarkers.From(record));
    }

    private static (StudyPatient Patient, NsclcParameters[] Samples, ExamplePlan[] Plans) Tiny()
    {
        var prior = new TwinPrior();
        var rng = new Random(3);
        var samples = Enumerable.Range(0, 12).Select(_ => prior.SamplePopulation(rng)).ToArray();
        var actions = Environment.Simulation.Actions;
        ExamplePlan[] plans = [new("A", [actions.IndexOf("chemo_full"), actions.IndexOf("chemo_full")]), new("B", [actions.IndexOf("hold"), actions.IndexOf("hold")])];
        return (Patient("p1", 80, NsclcParameters.Typical), samples, plans);
    }

    [TestMethod]
    public void ChoosesTheMedianObservedSldAmongScannedPatients()
    {
        var twin = NsclcParameters.Typical;
        var test = new[] { Patient("a", 120, twin), Patient("b", null, twin), Patient("c", 40, twin), Patient("d", 80, twin), Patient("e", 60, twin) };
        Assert.AreEqual("e", ExamplePatientStudy.Choose(test).Id);
        Assert.AreEqual(60.0, ExamplePatientStudy.ObservedSld(ExamplePatientStudy.Choose(test)), 1e-9);
        Assert.ThrowsExactly<InvalidOperationException>(() => ExamplePatientStudy.Choose([Patient("x", null, twin)]));
    }

    [TestMethod]
    public void BandsAreOrderedCoverEveryDayAndRepeatForTheSameSeed()
    {
        var (patient, samples, plans) = Tiny();
        var rows = ExamplePatientStudy.Simulate(patient, TruthOf(patient), samples, plans, Environment, 5);
        Assert.HasCount(2 * 64, rows);
        CollectionAssert.AreEqual(Enumerable.Range(0, 64).ToArray(), rows.Where(r => r.Plan == "A").Select(r => r.Day).ToArray());
        foreach (var r in rows.Where(r => !double.IsNaN(r.SldP50)))
        {
            Assert.IsTrue(r.SldP05 <= r.SldP50 && r.SldP50 <= r.SldP95, $"SLD band out of order on day {r.Day} of {r.Plan}");
            Assert.IsTrue(r.AncP05 <= r.AncP50 && r.AncP50 <= r.AncP95, $"ANC band out of order on day {r.Day} of {r.Plan}");
            Assert.IsTrue(r.AliveFraction is > 0 and <= 1);
        }
        // Day 0 is before any treatment: both plans start from the same samples and the same true twin.
        Assert.AreEqual(rows.Single(r => r.Plan == "A" && r.Day == 0).SldP50, rows.Single(r => r.Plan == "B" && r.Day == 0).SldP50);
        Assert.AreEqual(80.0, rows.Single(r => r.Plan == "A" && r.Day == 0).TrueSld, 1e-6);
        // Chemotherapy shrinks the median tumour relative to no treatment by the end of the second cycle.
        Assert.IsLessThan(rows.Single(r => r.Plan == "B" && r.Day == 42).SldP50, rows.Single(r => r.Plan == "A" && r.Day == 42).SldP50);
        Assert.AreEqual("chemo_full x2", rows[0].PlanActions);

        var again = ExamplePatientStudy.Simulate(patient, TruthOf(patient), samples, plans, Environment, 5);
        CollectionAssert.AreEqual(rows.ToArray(), again.ToArray());
    }

    [TestMethod]
    public void WithoutATrueTwinTheBandsAreTheSameAndTheTruthIsMissing()
    {
        var (patient, samples, plans) = Tiny();
        var withTruth = ExamplePatientStudy.Simulate(patient, TruthOf(patient), samples, plans, Environment, 5);
        var without = ExamplePatientStudy.Simulate(patient.Id, ExamplePatientStudy.ObservedSld(patient), samples, plans, Environment, 5, truth: null);
        Assert.HasCount(withTruth.Count, without);
        for (var i = 0; i < without.Count; i++)
        {
            Assert.AreEqual(withTruth[i] with { TrueSld = double.NaN, TrueAnc = double.NaN }, without[i], $"row {i}");
            Assert.IsTrue(double.IsNaN(without[i].TrueSld) && double.IsNaN(without[i].TrueAnc), $"row {i}");
        }
        Assert.IsTrue(withTruth.Any(r => double.IsFinite(r.TrueSld)), "the study's rows do carry the true twin");
        var plot = DtSmdrl.Pipeline.Report.ReportFigures.Trajectories(without, "sld", "forecast", [(0.0, 40.0), (21.0, 35.0)]);
        StringAssert.Contains(plot.GetSvgXml(600, 400), "Observed");
    }

    [TestMethod]
    public void RejectsAPlanOfTheWrongLength()
    {
        var (patient, samples, _) = Tiny();
        Assert.ThrowsExactly<ArgumentException>(() => ExamplePatientStudy.Simulate(patient, TruthOf(patient), samples, [new ExamplePlan("short", [0])], Environment, 5));
    }

    [TestMethod]
    public void CsvRoundTripsThroughTheReportAndRendersBothFigures()
    {
        var (patient, samples, plans) = Tiny();
        var rows = ExamplePatientStudy.Simulate(patient, TruthOf(patient), samples, plans, Environment, 5);
        var folder = Directory.CreateTempSubdirectory("example-patient").FullName;
        try
        {
            var path = Path.Combine(folder, ExamplePatientStudy.CsvFile);
            ExamplePatientCsv.Write(path, rows);
            var csv = StudyCsv.Read(path);
            CollectionAssert.AreEqual(ExamplePatientCsv.Columns.ToArray(), csv.Header.ToArray());
            Assert.HasCount(rows.Count, csv.Rows);
            Assert.AreEqual("p1", csv.Text(0, "patient_id"));
            Assert.AreEqual(rows[10].SldP95, csv.Number(10, "sld_p95"), 1e-3);

            var sld = ReportFigures.ExamplePatient(folder, csv, "sld");
            var anc = ReportFigures.ExamplePatient(folder, csv, "anc");
            foreach (var figure in new[] { sld, anc })
            {
                Assert.IsGreaterThan(1000L, new FileInfo(figure.PngPath).Length);
                Assert.IsGreaterThan(1000L, new FileInfo(figure.SvgPath).Length);
            }
            Assert.AreEqual("fig_example_patient", sld.Stem);

            var paragraph = StudyReport.ExamplePatientParagraph(csv).Text;
            StringAssert.Contains(paragraph, "Patient p1");
            StringAssert.Contains(paragraph, "(80.0 mm)");
            StringAssert.Contains(paragraph, "B (hold x2)");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

[TestClass]
public sealed class ExamplePatientRunTests
{
    private static readonly DtSmdrl.Pipeline.Agent.Arms.DtSmdrlArmOptions Tiny = new()
    {
        TwinsPerPatient = 2,
        AdaptationUpdates = 1,
        ForecastSamples = 4,
        Environment = new TwinEnvironmentOptions { Cycles = 2, FollowUpDay = 63 },
        Meta = new DtSmdrl.Pipeline.Agent.MetaPpoOptions
        {
            Iterations = 1, TasksPerIteration = 2, InnerUpdates = 1, NormalizerWarmupSteps = 4, EvaluationEpisodes = 1,
            Inner = new DtSmdrl.Pipeline.Agent.PpoOptions { NumSteps = 4, TotalSteps = 8, AnnealLearningRate = false, HiddenSize = 8 },
        },
    };

    [TestMethod]
    public void RunShowsTheRecommendedGuidelineHoldAndNextPlansDeterministically()
    {
        var records = DtSmdrl.Pipeline.Tests.Preprocessing.TestRecords.Records(7, 5);
        var patients = records.Select((r, i) => new StudyPatient($"p{i}", i < 4 ? CohortSplit.Train : CohortSplit.Test, r, GuidelineBiomarkers.From(r))).ToList();
        var method = new DtSmdrl.Pipeline.Agent.Arms.DtSmdrlMethod(Tiny);
        method.Fit(new StudyData(patients.Take(4).ToList(), [], [], []), seed: 1);
        var test = patients.Skip(4).ToList();
        var truth = test.Select((p, i) => new EvaluationTruth(p.Id, NsclcParameters.Typical, (ulong)(104 + i))).ToList();
        var options = new ExamplePatientOptions { Samples = 6 };

        var rows = ExamplePatientStudy.Run(method, test, truth, seed: 9, options);
        var plans = rows.Select(r => r.Plan).Distinct().ToList();
        Assert.HasCount(4, plans);
        Assert.AreEqual(ExamplePatientStudy.RecommendedPlan, plans[0]);
        Assert.AreEqual(ExamplePatientStudy.GuidelinePlan, plans[1]);
        Assert.AreEqual(ExamplePatientStudy.HoldPlan, plans[2]);
        StringAssert.EndsWith(plans[3], "throughout (DT-SMDRL's next choice)");
        Assert.AreEqual(ExamplePatientStudy.Choose(test).Id, rows[0].PatientId);
        Assert.AreEqual("hold x2", rows.First(r => r.Plan == ExamplePatientStudy.HoldPlan).PlanActions);
        CollectionAssert.AreEqual(rows.ToArray(), ExamplePatientStudy.Run(method, test, truth, seed: 9, options).ToArray());
    }
}
