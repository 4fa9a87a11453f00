using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Tests.Preprocessing;

namespace DtSmdrl.Pipeline.Tests.Agent.Arms;

/// <summary>Training curves are read from what training logs: recording them changes no weight.</summary>
[TestClass]
public sealed class LearningCurveRecordingTests
{
    private static readonly DtSmdrlArmOptions Tiny = TinyAgent.Options(iterations: 3);

    private static List<PatientTwins> Patients() => TinyAgent.Patients(Tiny);

    [TestMethod]
    [DataRow(InitialisationKind.Meta)]
    [DataRow(InitialisationKind.Population)]
    public void RecordingTheCurveLeavesTheTrainedWeightsUnchanged(InitialisationKind kind)
    {
        var patients = Patients();
        var plain = PolicyInitialiser.Train(kind, patients, Tiny, seed: 3);
        var curve = new List<TrainingCurvePoint>();
        var recorded = PolicyInitialiser.Train(kind, patients, Tiny, seed: 3, curve: curve);
        CollectionAssert.AreEqual(plain.Weights.Values.SelectMany(v => v).ToArray(), recorded.Weights.Values.SelectMany(v => v).ToArray());

        Assert.IsTrue(curve.Count > 0, "no curve point recorded");
        Assert.IsTrue(curve.All(p => double.IsFinite(p.Return) && double.IsFinite(p.Cost) && p.Seconds >= 0));
        for (var i = 1; i < curve.Count; i++)
            Assert.IsTrue(curve[i].EnvSteps > curve[i - 1].EnvSteps, $"env steps not increasing at point {i}");
        if (kind == InitialisationKind.Meta)
        {
            // One point per outer step that finished an episode: 2 tasks x 1 inner update x 8 steps x 2 twin slots each.
            Assert.IsTrue(curve.Count <= Tiny.Meta.Iterations);
            Assert.IsTrue(curve.All(p => p.EnvSteps % 32 == 0 && p.EnvSteps <= 3 * 32));
        }
        else
        {
            Assert.IsTrue(curve[^1].EnvSteps <= Math.Max(PolicyInitialiser.MetaBudget(Tiny.Meta, Tiny.TwinsPerPatient), 8L * PolicyInitialiser.PopulationEnvs));
        }
    }

    [TestMethod]
    public void PpoArmsExposeADeterministicCurveAfterFit()
    {
        var data = TinyAgent.TrainingData();
        var options = new PpoArmOptions
        {
            NumEnvs = 8, PopulationPool = 16, TwinsPerPatient = 1, ResponseSamples = 1,
            Environment = new TwinEnvironmentOptions { Cycles = 4, FollowUpDay = 0 },
            Ppo = new PpoOptions { NumSteps = 8, TotalSteps = 8 * 8 * 4, HiddenSize = 16 },
        };
        IReadOnlyList<TrainingCurvePoint> Fit(bool personalised)
        {
            using var method = new PpoArmMethod(personalised, options);
            Assert.AreEqual(0, method.LastCurve.Count);
            method.Fit(data, seed: 5);
            return method.LastCurve;
        }
        foreach (var personalised in new[] { false, true })
        {
            var first = Fit(personalised);
            var second = Fit(personalised);
            Assert.IsTrue(first.Count > 0, $"personalised {personalised}: no point");
            Assert.IsTrue(first.Count <= 4);
            // Same seed, same curve (wall seconds aside).
            CollectionAssert.AreEqual(first.Select(p => (p.EnvSteps, p.Return, p.Cost)).ToArray(), second.Select(p => (p.EnvSteps, p.Return, p.Cost)).ToArray());
        }
    }

    [TestMethod]
    public void TheRecorderKeepsOneCurvePerArmAndSeedAndPassesOtherArmsThrough()
    {
        var recorder = new LearningCurveRecorder();
        var clinical = new ClinicalBaselineMethod(new TwinEnvironmentOptions().Simulation.Actions);
        Assert.AreSame(clinical, recorder.Record(clinical));

        var fake = new FakeLearner();
        var wrapped = recorder.Record(fake);
        Assert.AreNotSame(fake, wrapped);
        Assert.AreEqual(fake.Name, wrapped.Name);
        Assert.IsTrue(wrapped.IsLearned);
        var data = new StudyData([], [], [], []);
        wrapped.Fit(data, seed: 11);
        wrapped.Fit(data, seed: 12);
        Assert.AreEqual(2, recorder.Curves.Count);
        CollectionAssert.AreEqual(new[] { 11, 12 }, recorder.Curves.Select(c => c.Seed).ToArray());
        Assert.AreEqual(11.0, recorder.Curves[0].Points.Single().Return);
        Assert.AreEqual(12.0, recorder.Curves[1].Points.Single().Return);
        Assert.AreEqual("fake", recorder.Curves[0].Method);
    }

    // A learned arm whose curve is one point with the seed as its return, so the test sees which Fit each curve came from.
    private sealed class FakeLearner : ITreatmentMethod, ILearningCurveSource
    {
        public string Name => "fake";

        public bool IsLearned => true;

        public IReadOnlyList<TrainingCurvePoint> LastCurve { get; private set; } = [];

        public void Fit(StudyData data, int seed, IProgress<string>? progress = null) => LastCurve = [new TrainingCurvePoint(10, 0.1, seed, 0)];

        public MethodPlan Prepare(IReadOnlyList<StudyPatient> testPatients) => throw new NotSupportedException();
    }
}
