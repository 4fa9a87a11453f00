using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Tests.Preprocessing;

namespace DtSmdrl.Pipeline.Tests.Agent.Arms;

[TestClass]
public sealed class PolicyInitialiserTests
{
    private static readonly DtSmdrlArmOptions Tiny = TinyAgent.Options(iterations: 2);

    private static List<PatientTwins> Patients() => TinyAgent.Patients(Tiny);

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
