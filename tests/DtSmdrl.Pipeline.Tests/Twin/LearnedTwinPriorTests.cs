using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Fusion.Evaluation;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Tests.Twin;

[TestClass]
public sealed class LearnedTwinPriorTests
{
    private static readonly TwinPrior Prior = new();

    // Cheap settings for unit tests: few particles, one move sweep, the coarse step.
    private static readonly PosteriorOptions CheapPosterior = new() { Particles = 48, MoveSweeps = 1, StepSize = 0.5 };

    private static readonly LearnedTwinPriorOptions Cheap = new()
    {
        Model = PriorModelKind.Linear, Folds = 3, InnerFolds = 2, LinearL2Grid = [10f], Posterior = CheapPosterior, Threads = 2,
    };

    private static List<SyntheticPatient> Generate(int count, int seed) =>
        new SyntheticCohortGenerator(new CohortOptions { Size = count, Seed = seed }).Generate().ToList();

    private static StudyPatient AsTraining(SyntheticPatient p) => new(p.Id, CohortSplit.Train, p.Observed, GuidelineBiomarkers.From(p.Observed));

    private static StudyData TrainingData(IReadOnlyList<SyntheticPatient> patients, Func<SyntheticPatient, IReadOnlyList<OutcomeObservation>>? course = null)
    {
        var train = patients.Select(AsTraining).ToList();
        var courses = patients.Select((p, i) => CohortFolder.Summarise(train[i], course?.Invoke(p) ?? p.Retrospective)).ToList();
        return new StudyData(train, [], courses, []);
    }

    [TestMethod]
    public void CourseHistoryReadsTheGeneratedCourse()
    {
        var patient = Generate(3, 5).First(p => !p.Retrospective.Any(o => o.Died));
        var history = CourseHistory.From(patient.Retrospective, ActionSet.NsclcDefault);
        var cycles = patient.Retrospective.Count - 1;
        Assert.AreEqual(cycles, history.Actions.Count);
        CollectionAssert.AreEqual(patient.Retrospective.Skip(1).Select(o => ActionSet.NsclcDefault.IndexOf(o.TreatmentGiven)).ToArray(), history.Actions.ToArray());
        Assert.AreEqual(patient.Retrospective.Count(o => o.Labs?.Anc10e9PerL is not null), history.Anc.Count);
        Assert.AreEqual(patient.Retrospective.Count(o => o.LesionDiametersMm is not null), history.Sld.Count);
        Assert.AreEqual(0, history.Sld[0].Day);
        Assert.AreEqual(patient.Retrospective[0].LesionDiametersMm!.Sum(), history.Sld[0].Value, 1e-9);
        Assert.IsTrue(history.Anc.All(m => m.Day % 21 == 0));
    }

    [TestMethod]
    public void CourseHistoryErrorsNameThePatientCycleAndField()
    {
        var course = Generate(1, 6)[0].Retrospective.ToList();
        var unknown = course.Select(o => o.Cycle == 1 ? o with { TreatmentGiven = "radiotherapy" } : o).ToList();
        var error = Assert.Throws<ArgumentException>(() => CourseHistory.From(unknown, ActionSet.NsclcDefault));
        StringAssert.Contains(error.Message, "cycle 1");
        StringAssert.Contains(error.Message, "treatment_given");
        StringAssert.Contains(error.Message, course[0].PatientId);

        var gap = course.Where(o => o.Cycle != 2).ToList();
        error = Assert.Throws<ArgumentException>(() => CourseHistory.From(gap, ActionSet.NsclcDefault));
        StringAssert.Contains(error.Message, "field cycle");

        var badAnc = course.Select(o => o.Cycle == 1 ? o with { Labs = o.Labs! with { Anc10e9PerL = -1 } } : o).ToList();
        error = Assert.Throws<ArgumentException>(() => CourseHistory.From(badAnc, ActionSet.NsclcDefault));
        StringAssert.Contains(error.Message, "labs.anc_10e9_per_l");

        Assert.Throws<ArgumentException>(() => CourseHistory.From([], ActionSet.NsclcDefault));
    }

    [TestMethod]
    public void CoursePosteriorRecoversLatentsBetterThanThePopulationPrior()
    {
        // The course's ANC identifies the neutrophil reserve (circ0) and its scans the responder status far better than the
        // population prior; measured here: circ0 CRPS about 0.1 against 0.56, responder Brier well under the prior's.
        var patients = Generate(24, 11);
        var fitter = new CoursePosteriorFitter(Prior, CheapPosterior, threads: 2);
        var fits = fitter.Fit(patients.Select(p => (p.Observed, (IReadOnlyList<OutcomeObservation>)p.Retrospective)).ToList(), seed: 3);
        var circ0 = TwinPrior.LatentNames.ToList().IndexOf("circ0");
        var posteriorCrps = fits.Select((f, i) => PriorScores.GaussianCrps(f.Mean[circ0], Math.Max(f.Sd[circ0], 1e-6), patients[i].Truth.LatentZ[circ0])).Average();
        var priorCrps = patients.Select(p => PriorScores.GaussianCrps(0, 1, p.Truth.LatentZ[circ0])).Average();
        Assert.IsTrue(posteriorCrps < 0.5 * priorCrps, $"circ0 CRPS: posterior {posteriorCrps:F3}, prior {priorCrps:F3}");

        var rate = fitter.PopulationResponderProbability;
        var posteriorBrier = fits.Select((f, i) => Math.Pow(f.ResponderProbability - (patients[i].Truth.Responder ? 1 : 0), 2)).Average();
        var priorBrier = patients.Select(p => Math.Pow(rate - (p.Truth.Responder ? 1 : 0), 2)).Average();
        Assert.IsTrue(posteriorBrier < priorBrier, $"responder Brier: posterior {posteriorBrier:F3}, population prior {priorBrier:F3}");
    }

    [TestMethod]
    public void CrossFittedPriorOfATrainingPatientIgnoresItsOwnCourse()
    {
        var patients = Generate(30, 21);
        var target = patients[4];
        var prior = new LearnedTwinPrior(Prior, Cheap);
        prior.Fit(TrainingData(patients), seed: 2);
        var before = prior.PriorOf(target.Observed);
        var others = patients.Where(p => p != target).Select(p => prior.PriorOf(p.Observed)).ToList();
        var newcomer = Generate(31, 21)[30].Observed;
        var fullBefore = prior.PriorOf(newcomer);

        // The same patients, but the target's course reports triple ANC and half the lesion sizes.
        IReadOnlyList<OutcomeObservation> Altered(SyntheticPatient p) => p != target ? p.Retrospective : p.Retrospective.Select(o => o with
        {
            Labs = o.Labs is null ? null : o.Labs with { Anc10e9PerL = 3 * o.Labs.Anc10e9PerL },
            LesionDiametersMm = o.LesionDiametersMm?.Select(d => d / 2).ToList(),
        }).ToList();
        var altered = new LearnedTwinPrior(Prior, Cheap);
        altered.Fit(TrainingData(patients, Altered), seed: 2);
        var after = altered.PriorOf(target.Observed);

        CollectionAssert.AreEqual(before.Mean, after.Mean, "the patient's own prior moved with its course");
        CollectionAssert.AreEqual(before.Sd, after.Sd);
        Assert.AreEqual(before.ResponderProbability, after.ResponderProbability);
        // The altered course does reach the models that are allowed to see it (so the equality above is not vacuous).
        var changed = patients.Where(p => p != target).Select(p => altered.PriorOf(p.Observed))
            .Where((q, i) => !q.Mean.SequenceEqual(others[i].Mean) || !q.Sd.SequenceEqual(others[i].Sd) || q.ResponderProbability != others[i].ResponderProbability).Count();
        Assert.IsTrue(changed > 0, "no other training patient's prior changed");
        var fullAfter = altered.PriorOf(newcomer);
        Assert.IsFalse(fullBefore.Sd.SequenceEqual(fullAfter.Sd) && fullBefore.Mean.SequenceEqual(fullAfter.Mean) && fullBefore.ResponderProbability == fullAfter.ResponderProbability,
            "the full model (for test patients) must see every training course");
    }

    [TestMethod]
    public void TwinsAndBeliefsComeFromTheLearnedPriorDeterministically()
    {
        var patients = Generate(30, 31);
        var prior = new LearnedTwinPrior(Prior, Cheap, CheapPosterior);
        prior.Fit(TrainingData(patients), seed: 4);
        var record = Generate(31, 31)[30].Observed;
        var a = prior.SampleTwins(record, 5, new Random(7));
        var b = prior.SampleTwins(record, 5, new Random(7));
        CollectionAssert.AreEqual(a, b);
        var belief = prior.Start(record, 9);
        Assert.AreEqual(4, belief.Sample(4).Length);
        CollectionAssert.AreEqual(prior.Context(record), DtSmdrl.Pipeline.Agent.Arms.PatientContext.Features(record));
    }

    [TestMethod]
    public void PosteriorStartsFromAGivenGaussian()
    {
        var covariates = new TwinCovariates(false, 60, 5, 60, 0, LesionCount: 2);
        var mean = new double[TwinPrior.LatentDimension];
        mean[12] = 2.0;
        var sd = Enumerable.Repeat(0.1, TwinPrior.LatentDimension).ToArray();
        var posterior = new TwinPosterior(Prior, covariates, new GaussianLatentPrior(mean, sd, 0.9), CheapPosterior);
        var (m, s) = posterior.LatentMoments();
        Assert.AreEqual(2.0, m[12], 0.1);
        Assert.IsTrue(s[12] < 0.2);
        Assert.IsTrue(posterior.ResponderProbability > 0.75);

        // The default start is unchanged: the same particles as the TwinPrior-conditioned constructor.
        var byDefault = new TwinPosterior(Prior, covariates, CheapPosterior);
        var explicitNull = new TwinPosterior(Prior, covariates, null, CheapPosterior);
        CollectionAssert.AreEqual(byDefault.Particles.SelectMany(p => p.Z).ToArray(), explicitNull.Particles.SelectMany(p => p.Z).ToArray());
        var rng = new Random(CheapPosterior.Seed);
        var first = Prior.SampleLatent(covariates, rng);
        CollectionAssert.AreEqual(first.Z, byDefault.Particles[0].Z);
    }

    [TestMethod]
    public void PopulationResponderRateIsTheBiomarkerPriorAveragedOverThePopulation()
    {
        var rng = new Random(1);
        const int draws = 200_000;
        var monteCarlo = Enumerable.Range(0, draws).Average(_ => Prior.ResponderProbability(Prior.SampleCovariates(rng)));
        Assert.AreEqual(monteCarlo, PopulationResponderRate.Of(Prior.Options), 0.003);
    }

    [TestMethod]
    public void PriorEvaluationWritesEveryPriorAndQuantity()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"prior-eval-{Guid.NewGuid():N}");
        try
        {
            CohortFolder.Write(Path.Combine(folder, "cohort"), new SyntheticCohortGenerator(new CohortOptions { Size = 50, Seed = 3 }));
            var report = DtSmdrl.Pipeline.Evaluation.Prior.PriorEvaluation.Run(CohortFolder.Load(Path.Combine(folder, "cohort")), Cheap, seed: 1);
            DtSmdrl.Pipeline.Evaluation.Prior.PriorEvaluationWriter.Write(folder, report);
            var lines = File.ReadAllLines(Path.Combine(folder, "prior_eval.csv"));
            Assert.AreEqual("model,patients,quantity,n,crps,coverage90,brier,ece", lines[0]);
            foreach (var model in new[] { "population", "biomarker", "lightgbm", "linear" })
            {
                Assert.AreEqual(TwinPrior.LatentDimension + 1, lines.Count(l => l.StartsWith(model + ",test,", StringComparison.Ordinal)), model);
            }

            Assert.AreEqual(1, lines.Count(l => l.StartsWith("bayes ceiling (generator likelihood),test,responder,", StringComparison.Ordinal)));
            var circ0 = report.Rows.Where(r => r.Patients == "train" && r.Quantity == "circ0").ToDictionary(r => r.Model, r => r.Crps);
            Assert.IsTrue(circ0["course posterior"] < circ0["population"], $"course posterior circ0 CRPS {circ0["course posterior"]:F3}, population {circ0["population"]:F3}");
            StringAssert.Contains(File.ReadAllText(Path.Combine(folder, "prior_eval.md")), "| linear |");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void BadSettingsFailNamingTheField()
    {
        var error = Assert.Throws<ArgumentException>(() => (Cheap with { Folds = 1 }).Validate());
        StringAssert.Contains(error.Message, "Folds");
        error = Assert.Throws<ArgumentException>(() => (Cheap with { LinearL2Grid = [] }).Validate());
        StringAssert.Contains(error.Message, "LinearL2Grid");
        var sd = Enumerable.Repeat(1.0, TwinPrior.LatentDimension).ToArray();
        sd[3] = 0;
        error = Assert.Throws<ArgumentException>(() => new GaussianLatentPrior(new double[TwinPrior.LatentDimension], sd, 0.5).Validate());
        StringAssert.Contains(error.Message, TwinPrior.LatentNames[3]);
        error = Assert.Throws<ArgumentException>(() => new LearnedTwinPrior(Prior, Cheap).Fit(TrainingData(Generate(5, 1)), 1));
        StringAssert.Contains(error.Message, "training patients with a retrospective course");
    }
}
