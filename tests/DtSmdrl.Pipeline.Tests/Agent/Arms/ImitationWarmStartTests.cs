using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;

namespace DtSmdrl.Pipeline.Tests.Agent.Arms;

/// <summary>The imitation warm start: what the recorder sees, Twin-MPC's demonstrations, and the arm built on them.</summary>
[TestClass]
public sealed class ImitationWarmStartTests
{
    private static readonly TwinEnvironmentOptions Environment = new() { Cycles = 4, FollowUpDay = 0 };

    [TestMethod]
    public void TheRecorderKeepsTheAgentsRowsMasksAndTheExpertsActions()
    {
        var patients = TinyAgent.Patients(TinyAgent.Options(iterations: 1)).Take(2).ToList();
        var plans = new[] { new[] { 1, 1, 1, 1 }, new[] { 2, 0, 2, 2 } };
        var actions = Environment.Simulation.Actions;
        var contextSize = patients[0].Context.Length;
        var demonstrations = new Demonstrations(AgentObservation.Size(contextSize), actions.Count);
        var recorder = new DemonstrationRecorder(new FixedPlanPolicy(plans), patients.Select(p => p.Context).ToList(), actions, demonstrations);
        var episodes = new EpisodeRunner(Environment).Run(recorder, ["a", "b"], patients.Select(p => p.Twins[0]).ToArray(), [11UL, 12UL]);

        var decisions = episodes.Sum(e => e.Actions.Length);
        Assert.AreEqual(decisions, demonstrations.Count, "one record per decision of a patient on study");
        Assert.AreEqual(0, demonstrations.Disallowed);
        var size = demonstrations.RowSize;
        for (var d = 0; d < demonstrations.Count; d++)
        {
            var row = demonstrations.Rows.Skip(d * size).Take(size).ToArray();
            Assert.AreEqual(1f, row[TwinObservation.Size], "alive flag");
            var patient = d % 2;
            CollectionAssert.AreEqual(patients[patient].Context, row[(TwinObservation.Size + 1)..], $"decision {d}: context");
            Assert.AreEqual(plans[patient][d / 2], demonstrations.Actions[d], $"decision {d}: the expert's action");
        }
        // Cycle 1 is between scans: only the previous action and hold are allowed (the treatment rules' mask).
        var mask = demonstrations.Masks.Skip(3 * actions.Count).Take(actions.Count).ToArray();
        for (var a = 0; a < actions.Count; a++) Assert.AreEqual(a is 0 or 2, mask[a], $"patient b, cycle 1, action {a}");
    }

    [TestMethod]
    public void TwinMpcTeachesTheArmAndTheClonedArmIsDeterministic()
    {
        var data = TinyAgent.TrainingData();
        var options = TinyAgent.Options(iterations: 2) with
        {
            Environment = Environment,
            Imitation = new ImitationOptions { Patients = 3, Cloning = new BehaviourCloningOptions { Epochs = 60 } },
            Initialisation = InitialisationKind.Imitation,
        };
        var first = new DtSmdrlMethod(options);
        first.Fit(data, seed: 7);
        var demonstrations = first.LastDemonstrations!;
        Assert.IsTrue(demonstrations.Count is > 3 and <= 3 * 4, $"three patients, up to four cycles each: {demonstrations.Count} decisions");
        Assert.AreEqual(0, demonstrations.Disallowed, "Twin-MPC plans within the agent's treatment rules");
        Assert.IsTrue(double.IsFinite(first.TeacherMeanValue));
        Assert.IsGreaterThan(0.5, BehaviourCloning.Agreement(first.Initialization!, demonstrations));

        var second = new DtSmdrlMethod(options);
        second.Fit(data, seed: 7);
        CollectionAssert.AreEqual(first.Initialization!.Weights.Values.SelectMany(v => v).ToArray(), second.Initialization!.Weights.Values.SelectMany(v => v).ToArray());

        // Meta-training continues from the cloned start: another initialisation than from scratch, same budget.
        var warm = new DtSmdrlMethod(options with { Initialisation = InitialisationKind.Meta });
        warm.Fit(data, seed: 7);
        var cold = new DtSmdrlMethod(options with { Initialisation = InitialisationKind.Meta, Imitation = null });
        Assert.IsNotNull(new DtSmdrlArmOptions().Imitation, "the warm start is the default agent's");
        cold.Fit(data, seed: 7);
        Assert.IsNull(cold.LastDemonstrations);
        CollectionAssert.AreNotEqual(cold.Initialization!.Weights.Values.SelectMany(v => v).ToArray(), warm.Initialization!.Weights.Values.SelectMany(v => v).ToArray());
    }

    [TestMethod]
    public void ArmsThatWouldRecordTheSameDemonstrationsShareOneRecording()
    {
        var data = TinyAgent.TrainingData();
        var options = TinyAgent.Options(iterations: 1) with
        {
            Environment = Environment,
            Imitation = new ImitationOptions { Patients = 2, Cloning = new BehaviourCloningOptions { Epochs = 2 } },
        };
        var cache = new DemonstrationCache();
        var full = new DtSmdrlMethod(options) { DemonstrationCache = cache };
        var withoutShield = new DtSmdrlMethod(options with { ShieldThreshold = null }) { DemonstrationCache = cache };
        full.Fit(data, seed: 3);
        withoutShield.Fit(data, seed: 3);
        Assert.AreEqual(1, cache.Recorded, "same seed, same patients: one recording");
        Assert.AreSame(full.LastDemonstrations, withoutShield.LastDemonstrations);
        withoutShield.Fit(data, seed: 4);
        Assert.AreEqual(2, cache.Recorded, "another seed draws other twins: another recording");
        var uncached = new DtSmdrlMethod(options);
        uncached.Fit(data, seed: 3);
        CollectionAssert.AreEqual(full.LastDemonstrations!.Actions.ToArray(), uncached.LastDemonstrations!.Actions.ToArray());
        CollectionAssert.AreEqual(full.LastDemonstrations.Rows.ToArray(), uncached.LastDemonstrations.Rows.ToArray());
    }

    [TestMethod]
    public void ABeliefReadingPolicyIsClonedOnRowsThatCarryTheBeliefSummary()
    {
        var data = TinyAgent.TrainingData();
        var options = TinyAgent.Options(iterations: 1) with
        {
            Environment = Environment,
            InCourseBelief = true,
            Belief = new DtSmdrl.Pipeline.Twin.Inference.ParticleBeliefOptions { Particles = 8 },
            Imitation = new ImitationOptions { Patients = 2, Cloning = new BehaviourCloningOptions { Epochs = 3 } },
        };
        var first = new DtSmdrlMethod(options);
        first.Fit(data, seed: 3);
        var demonstrations = first.LastDemonstrations!;
        var withSummary = AgentObservation.Size(PatientContext.Size + DtSmdrl.Pipeline.Twin.Inference.BatchedTwinBelief.SummarySize);
        Assert.AreEqual(withSummary, demonstrations.RowSize);
        Assert.AreEqual(withSummary, first.Initialization!.Weights.Shape.ObservationSize);
        // The summary part moves along an episode (the belief takes in each cycle's observation): rows 0 and 2 are the first patient's cycles 0 and 1.
        var summaryStart = AgentObservation.Size(PatientContext.Size);
        var cycle0 = demonstrations.Rows.Skip(summaryStart).Take(withSummary - summaryStart).ToArray();
        var cycle1 = demonstrations.Rows.Skip(2 * withSummary + summaryStart).Take(withSummary - summaryStart).ToArray();
        CollectionAssert.AreNotEqual(cycle0, cycle1);
        var second = new DtSmdrlMethod(options);
        second.Fit(data, seed: 3);
        CollectionAssert.AreEqual(demonstrations.Rows.ToArray(), second.LastDemonstrations!.Rows.ToArray());
        CollectionAssert.AreEqual(first.Initialization.Weights.Values.SelectMany(v => v).ToArray(), second.Initialization!.Weights.Values.SelectMany(v => v).ToArray());
    }

    [TestMethod]
    public void InvalidImitationSettingsNameTheField()
    {
        var options = TinyAgent.Options(iterations: 1);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => (options with { Initialisation = InitialisationKind.Imitation, Imitation = null }).Validate()).Message,
            "DtSmdrlArmOptions.Imitation");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => (options with { Imitation = new ImitationOptions { Patients = 0 } }).Validate()).Message,
            "ImitationOptions.Patients");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => (options with { Environment = new TwinEnvironmentOptions { Cycles = 3 } }).Validate()).Message,
            "DtSmdrlArmOptions.Environment");
    }
}
