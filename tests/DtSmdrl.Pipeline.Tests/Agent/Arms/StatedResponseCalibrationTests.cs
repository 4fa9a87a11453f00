using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation.Uncertainty;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Tests.Agent.Arms;

[TestClass]
public sealed class StatedResponseCalibrationTests
{
    private static readonly Lazy<StudyData> Cohort = new(() => TinyAgent.TrainingData(size: 300, seed: 6));
    private static readonly TwinEnvironmentOptions Environment = new();

    private static StatedResponseCalibration Fit(IPatientTwinSource source, StudyData data, int seed = 3) =>
        StatedResponseCalibration.Fit(data.Validation, data.ValidationCourses, source, Environment, samples: 16, seed, threads: 1);

    [TestMethod]
    public void SmoothingKeepsTheOrderAndStaysInsideTheUnitInterval()
    {
        var smoothed = Enumerable.Range(0, 17).Select(k => StatedResponseCalibration.Smooth(k / 16.0, 16)).ToArray();
        Assert.AreEqual(0.5 / 17, smoothed[0], 1e-15);
        Assert.AreEqual(16.5 / 17, smoothed[16], 1e-15);
        for (var k = 1; k < smoothed.Length; k++) Assert.IsGreaterThan(smoothed[k - 1], smoothed[k]);
    }

    [TestMethod]
    public void FitsOnEveryValidationCourseAndCountsItsResponders()
    {
        var data = Cohort.Value;
        var calibration = Fit(new BiomarkerTwinSource(new TwinPrior()), data);
        var courses = data.ValidationCourses.Where(c => c.Observations.Count > 1).ToList();
        Assert.IsGreaterThanOrEqualTo(StatedResponseCalibration.MinimumCourses, courses.Count, "the test cohort must be large enough to calibrate");
        Assert.AreEqual(courses.Count, calibration.Courses);
        Assert.AreEqual(courses.Count(c => c.ObjectiveResponse), calibration.Responders);
        Assert.AreEqual(16, calibration.Samples);
        Assert.AreNotEqual(PlattScaling.Identity, calibration.Map, "enough courses of both classes: a fitted map");
    }

    [TestMethod]
    public void IsDeterministicForASeed()
    {
        var data = Cohort.Value;
        var source = new BiomarkerTwinSource(new TwinPrior());
        Assert.AreEqual(Fit(source, data, seed: 3), Fit(source, data, seed: 3));
        Assert.AreNotEqual(Fit(source, data, seed: 3).Map, Fit(source, data, seed: 4).Map, "another seed draws other twins and dice");
    }

    [TestMethod]
    public void ATwinThatNeverPredictsResponseIsMappedToTheObservedResponseRate()
    {
        // Every sample has no drug effect, so every share is 0: the only thing left to learn is the courses' response rate.
        var data = Cohort.Value;
        var calibration = Fit(new NoDrugEffectSource(), data);
        var rate = calibration.Responders / (double)calibration.Courses;
        Assert.IsGreaterThan(0.05, rate, "the cohort must have responders for this test to mean anything");
        Assert.AreEqual(rate, calibration.Apply(0.0), 0.02);
    }

    [TestMethod]
    public void LearnsFromTheCoursesOutcomesNotFromTheTwinAlone()
    {
        // Reversing every course's observed response must reverse the map's direction: it reads the outcomes.
        var data = Cohort.Value;
        var source = new BiomarkerTwinSource(new TwinPrior());
        var fitted = Fit(source, data);
        var reversed = Fit(source, data with { ValidationCourses = data.ValidationCourses.Select(c => c with { ObjectiveResponse = !c.ObjectiveResponse }).ToList() });
        Assert.IsGreaterThan(fitted.Apply(0.0), fitted.Apply(1.0), "the twin's share predicts the observed response on the validation courses");
        Assert.IsLessThan(reversed.Apply(0.0), reversed.Apply(1.0));
    }

    [TestMethod]
    public void TooFewCoursesLeaveTheIdentity()
    {
        var data = Cohort.Value;
        var few = data.ValidationCourses.Take(StatedResponseCalibration.MinimumCourses - 1).ToList();
        var calibration = StatedResponseCalibration.Fit(data.Validation, few, new BiomarkerTwinSource(new TwinPrior()), Environment, 16, 3, 1);
        Assert.AreEqual(PlattScaling.Identity, calibration.Map);
        Assert.AreEqual(few.Count(c => c.Observations.Count > 1), calibration.Courses);
    }

    [TestMethod]
    public void AnUnknownTreatmentNamesThePatientCycleAndField()
    {
        var data = Cohort.Value;
        var course = data.ValidationCourses.First(c => c.Observations.Count > 2);
        var observations = course.Observations.Select(o => o.Cycle == 2 ? o with { TreatmentGiven = "radiotherapy" } : o).ToList();
        var bad = data.ValidationCourses.Select(c => c.PatientId == course.PatientId ? c with { Observations = observations } : c).ToList();
        var error = Assert.ThrowsExactly<InvalidDataException>(() =>
            StatedResponseCalibration.Fit(data.Validation, bad, new BiomarkerTwinSource(new TwinPrior()), Environment, 16, 3, 1));
        StringAssert.Contains(error.Message, course.PatientId);
        StringAssert.Contains(error.Message, "cycle 2");
        StringAssert.Contains(error.Message, "treatment_given 'radiotherapy'");
    }

    [TestMethod]
    public void CalibrationAndTheStatedSamplesChangeWhatTheArmStatesNeverWhatItDecides()
    {
        var data = TinyAgent.TrainingData(size: 120, seed: 5);
        var options = TinyAgent.Options(iterations: 1) with { Imitation = null, ForecastSamples = 4 };
        var calibrated = new DtSmdrlMethod(options);
        var raw = new DtSmdrlMethod(options with { CalibrateStatedResponse = false });
        calibrated.Fit(data, seed: 2);
        raw.Fit(data, seed: 2);
        Assert.IsNull(raw.ResponseCalibration);
        var calibration = calibrated.ResponseCalibration ?? throw new AssertFailedException("calibration was not fitted");

        var test = data.Validation.Take(6).ToList();
        var calibratedPlan = calibrated.Prepare(test);
        var rawPlan = raw.Prepare(test);
        CollectionAssert.AreEqual(rawPlan.StatedResponseProbability.Select(p => calibration.Apply(p)).ToArray(), calibratedPlan.StatedResponseProbability);

        var runner = new EpisodeRunner(options.Environment);
        var known = TinyAgent.Patients(options);
        var twins = test.Select((_, i) => known[i % known.Count].Twins[0]).ToArray();
        var seeds = test.Select((_, i) => (ulong)(i + 11)).ToArray();
        var ids = test.Select(p => p.Id).ToList();
        var a = runner.Run(calibratedPlan.Policy, ids, twins, seeds);
        var b = runner.Run(rawPlan.Policy, ids, twins, seeds);
        CollectionAssert.AreEqual(b.SelectMany(e => e.Actions).ToArray(), a.SelectMany(e => e.Actions).ToArray());

        // How many samples the statement uses changes the statement only.
        var fewer = new DtSmdrlMethod(options with { StatedResponseSamples = 5 });
        fewer.Fit(data, seed: 2);
        var fewerPlan = fewer.Prepare(test);
        CollectionAssert.AreNotEqual(calibratedPlan.StatedResponseProbability, fewerPlan.StatedResponseProbability);
        var c = runner.Run(fewerPlan.Policy, ids, twins, seeds);
        CollectionAssert.AreEqual(a.SelectMany(e => e.Actions).ToArray(), c.SelectMany(e => e.Actions).ToArray());
    }

    // The biomarker prior's samples with every kill rate at zero: no sample can respond.
    private sealed class NoDrugEffectSource : IPatientTwinSource
    {
        private readonly BiomarkerTwinSource inner = new(new TwinPrior());

        public string Description => "no drug effect";

        public void Fit(StudyData data, int seed, IProgress<string>? progress = null) { }

        public void Precompute(IReadOnlyList<PatientRecord> records) { }

        public float[] Context(PatientRecord observed) => inner.Context(observed);

        public NsclcParameters[] SampleTwins(PatientRecord observed, int count, Random rng) =>
            inner.SampleTwins(observed, count, rng).Select(t => t with { KC = 0, KCR = 0, KT = 0, KI = 0 }).ToArray();
    }
}
