using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Tests.Preprocessing;

namespace DtSmdrl.Pipeline.Tests.Agent.Arms;

[TestClass]
public sealed class PolicyInitialiserTests
{
    private static readonly DtSmdrlArmOptions Tiny = new()
    {
        TwinsPerPatient = 2,
        Environment = new TwinEnvironmentOptions { Cycles = 4, FollowUpDay = 0 },
        Meta = new MetaPpoOptions
        {
            Iterations = 2, TasksPerIteration = 2, InnerUpdates = 1, NormalizerWarmupSteps = 4, EvaluationEpisodes = 1,
            Inner = new PpoOptions { NumSteps = 8, TotalSteps = 16, AnnealLearningRate = false, HiddenSize = 16 },
        },
    };

    private static List<PatientTwins> Patients()
    {
        var method = new DtSmdrlMethod(Tiny);
        var rng = new Random(2);
        return TestRecords.Records(4, 7).Select((r, i) => method.Patient($"p{i}", r, Tiny.TwinsPerPatient, rng)).ToList();
    }

    [TestMethod]
    [DataRow(InitialisationKind.Meta)]
    [DataRow(InitialisationKind.Population)]
    [DataRow(InitialisationKind.Random)]
    public void EveryKindGivesTheAgentsShapeAndIsDeterministic(InitialisationKind kind)
    {
        var patients = Patients();
        var first = PolicyInitialiser.Train(kind, patients, Tiny, seed: 3);
        var second = PolicyInitialiser.Train(kind, patients, Tiny, seed: 3);
        Assert.AreEqual(PolicyInitialiser.Shape(patients[0], Tiny), first.Weights.Shape);
        Assert.IsTrue(first.Normalizer.Frozen);
        CollectionAssert.AreEqual(first.Weights.Values.SelectMany(v => v).ToArray(), second.Weights.Values.SelectMany(v => v).ToArray());
    }

    [TestMethod]
    public void MetaAndPopulationGetTheSameEnvironmentStepBudget()
    {
        // 2 iterations x 2 tasks x 1 inner update x 8 steps x 2 twin slots.
        Assert.AreEqual(64, PolicyInitialiser.MetaBudget(Tiny.Meta, Tiny.TwinsPerPatient));
    }
}
