using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Study.Truth;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Tests.Study.Truth;

[TestClass]
public sealed class SharedDiceTrajectoriesTests
{
    // Four cycles in two blocks and a follow-up to day 210: a tree of 6 + 36 nodes that the per-replicate reference
    // searches in seconds.
    private static readonly TwinEnvironmentOptions Short = new() { Cycles = 4, FollowUpDay = 210 };

    // Patients on whom every kind of dice matters: frequent irAEs and targeted-therapy events (the trajectories split),
    // a high hazard (replicates die at different days, some in the cycle of an event), growth to RECIST progression.
    private static readonly EvaluationTruth[] Patients =
    [
        new("eventful", NsclcParameters.Typical with { Responder = 1, KI = 0.05, IraeLogit0 = -1.2, TkaeLogit = -1.0, H0 = 0.004 }, 1234),
        new("progressing", NsclcParameters.Typical with { G = 0.02, IraeLogit0 = -1.5, TkaeLogit = -0.8, H0 = 0.002, B3 = 3.0 }, 77),
    ];

    private const int Replicates = 16;

    [TestMethod]
    public void EveryReplicateEqualsItsOwnSimulatorSlot()
    {
        var actions = Short.Simulation.Actions;
        var nodes = actions.Count;
        foreach (var truth in Patients)
        {
            var seeds = Enumerable.Range(0, Replicates).Select(r => DiceSeeds.Oracle(truth.DiceSeed, r)).ToArray();
            // Node a: action a for the first two cycles, then action (a + 1) mod A for two, then the follow-up under hold.
            var shared = new SharedDiceTrajectories(nodes, Replicates, Short.Simulation);
            shared.Reset(truth.TrueTwin, seeds, nodes);
            var reference = new NsclcBatchSimulator(nodes * Replicates, Short.Simulation);
            reference.Reset(Enumerable.Repeat(truth.TrueTwin, nodes * Replicates).ToArray(),
                Enumerable.Range(0, nodes * Replicates).Select(cell => seeds[cell % Replicates]).ToArray());
            var hold = actions.IndexOf("hold");
            var cycle = 0;
            while (shared.Day < Short.FollowUpDay)
            {
                var days = Math.Min(21, Short.FollowUpDay - shared.Day);
                var nodeActions = Enumerable.Range(0, nodes).Select(a => cycle < 2 ? a : cycle < 4 ? (a + 1) % nodes : hold).ToArray();
                shared.Advance(nodeActions, days);
                reference.Advance(Enumerable.Range(0, nodes * Replicates).Select(cell => nodeActions[cell / Replicates]).ToArray(), days);
                cycle++;
                for (var cell = 0; cell < nodes * Replicates; cell++)
                {
                    var where = $"{truth.Id}, node {cell / Replicates}, replicate {cell % Replicates}, day {shared.Day}";
                    Assert.AreEqual(reference.ToxicityDays[cell], shared.ToxicityDays[cell], where + ": toxicity days");
                    Assert.AreEqual(reference.TwistDays[cell], shared.TwistDays[cell], where + ": TWiST days");
                    Assert.AreEqual(reference.RelapseDays[cell], shared.RelapseDays[cell], where + ": relapse days");
                    Assert.AreEqual(reference.SevereToxicityEver[cell], shared.SevereToxicityEver[cell], where + ": severe event");
                    Assert.AreEqual(reference.Alive[cell], shared.Alive[cell], where + ": alive");
                }
            }

            // The comparison covered what the grouping has to get right, and grouping saved work.
            var n = nodes * Replicates;
            Assert.IsTrue(Enumerable.Range(0, n).Any(c => !reference.Alive[c]), $"{truth.Id}: no replicate died");
            Assert.IsTrue(Enumerable.Range(0, n).Any(c => reference.Alive[c]), $"{truth.Id}: every replicate died");
            Assert.IsTrue(Enumerable.Range(0, n).Any(c => reference.StateVariable(NsclcState.IraeCount)[c] > 0), $"{truth.Id}: no irAE");
            Assert.IsTrue(Enumerable.Range(0, n).Any(c => reference.StateVariable(NsclcState.TkaeCount)[c] > 0), $"{truth.Id}: no targeted-therapy event");
            Assert.IsTrue(Enumerable.Range(0, n).Any(c => reference.Progressed[c]), $"{truth.Id}: no progression");
            Assert.IsTrue(Enumerable.Range(0, n).Any(c => reference.RelapseDays[c] > 0), $"{truth.Id}: no relapse day");
            Assert.IsGreaterThan(0L, shared.DeathCycles, $"{truth.Id}: no death cycle was re-simulated");
            Assert.IsLessThan(shared.NodeCycles * Replicates, shared.SimulatedGroupCycles, $"{truth.Id}: no trajectory was shared");
            Assert.IsGreaterThan(shared.NodeCycles, shared.SimulatedGroupCycles, $"{truth.Id}: no group ever split");
        }
    }

    [TestMethod]
    public void PlannerIsBitIdenticalToOneSimulatorSlotPerReplicate()
    {
        var library = new PlanLibrary(Short.Simulation.Actions, Short.Cycles);
        QtwistUtility[] utilities = [QtwistUtility.Default, .. QtwistUtility.SensitivityGrid];
        var planner = new PerfectInformationPlanner(library, Short, Replicates, 8, utilities);
        var reference = new PerReplicatePerfectInformationPlanner(library, Short, Replicates, 8, utilities);
        foreach (var truth in Patients)
        {
            var fast = planner.Solve(truth);
            var slow = reference.Solve(truth);
            CollectionAssert.AreEqual(slow.PlanDays, fast.PlanDays, $"{truth.Id}: plan days");
            CollectionAssert.AreEqual(slow.PlanSevereProbability, fast.PlanSevereProbability, $"{truth.Id}: severe probabilities");
            CollectionAssert.AreEqual(slow.Choices.ToArray(), fast.Choices.ToArray(), $"{truth.Id}: choices and valuations");
            // Not a comparison of trivial results: plans differ, some are risky, some but not all within the limit.
            Assert.IsGreaterThan(10, fast.PlanDays.Distinct().Count(), truth.Id);
            Assert.IsTrue(fast.PlanSevereProbability.Any(p => p > 0 && p < 1), truth.Id);
        }
        var perNode = planner.TrajectoriesPerNode;
        Assert.HasCount(library.Cycles / library.BlockCycles + 2, perNode);
        Assert.IsTrue(perNode.All(t => t >= 1.0 / Replicates && t <= Replicates), string.Join(", ", perNode));
    }

    [TestMethod]
    public void PlannerIsBitIdenticalOnTheDefaultLibraryAndEpisode()
    {
        // The study's episode and 1,215-plan library on two prior patients (fewer oracle replicates keep the reference short).
        var environment = new TwinEnvironmentOptions();
        var library = new PlanLibrary(environment.Simulation.Actions, environment.Cycles);
        QtwistUtility[] utilities = [QtwistUtility.Default, .. QtwistUtility.SensitivityGrid];
        var planner = new PerfectInformationPlanner(library, environment, 4, 4, utilities);
        var reference = new PerReplicatePerfectInformationPlanner(library, environment, 4, 4, utilities);
        var rng = new Random(5);
        var prior = new DtSmdrl.Pipeline.Twin.Prior.TwinPrior();
        for (var i = 0; i < 2; i++)
        {
            var truth = new EvaluationTruth($"prior{i}", prior.SamplePopulation(rng), (ulong)(100 + i));
            var fast = planner.Solve(truth);
            var slow = reference.Solve(truth);
            CollectionAssert.AreEqual(slow.PlanDays, fast.PlanDays, $"{truth.Id}: plan days");
            CollectionAssert.AreEqual(slow.PlanSevereProbability, fast.PlanSevereProbability, $"{truth.Id}: severe probabilities");
            CollectionAssert.AreEqual(slow.Choices.ToArray(), fast.Choices.ToArray(), $"{truth.Id}: choices and valuations");
        }
    }
}
