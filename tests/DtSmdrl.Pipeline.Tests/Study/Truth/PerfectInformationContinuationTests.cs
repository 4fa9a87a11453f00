using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Study.Truth;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Tests.Study.Truth;

[TestClass]
public sealed class PerfectInformationContinuationTests
{
    // Four cycles in two blocks keeps the trees small (36 plans) while a later decision point still exists (cycle 2).
    private static readonly TwinEnvironmentOptions Short = new() { Cycles = 4, FollowUpDay = 126 };

    private static readonly EvaluationTruth Patient = new("p1", NsclcParameters.Typical with { Responder = 1, KI = 0.05 }, 1234);

    private static PlanLibrary Library => new(Short.Simulation.Actions, Short.Cycles);

    // The true state on evaluation replicate r after the given cycles of actions.
    private static NsclcBatchSimulator StateAfter(int replicate, params int[] prefix)
    {
        var simulator = new NsclcBatchSimulator(1, Short.Simulation);
        simulator.Reset([Patient.TrueTwin], [DiceSeeds.Evaluation(Patient.DiceSeed, replicate)]);
        foreach (var action in prefix) simulator.Advance([action], (int)NsclcTwinModel.CycleDays);
        return simulator;
    }

    [TestMethod]
    public void AtCycleZeroItIsVStarOnTheSameDice()
    {
        const int replicates = 3;
        var choice = new PerfectInformationPlanner(Library, Short, 4, replicates, [QtwistUtility.Default]).Solve(Patient).For(QtwistUtility.Default);
        var continuation = new PerfectInformationContinuation(Library, Short, 4, QtwistUtility.Default, 0.10);
        var values = new List<double>();
        var holds = new List<double>();
        for (var r = 0; r < replicates; r++)
        {
            var c = continuation.Solve(Patient, StateAfter(r), 0, 0);
            CollectionAssert.AreEqual(Library.Plan(choice.Plan).ToArray(), c.Actions, $"replicate {r}: the plan V* chose");
            Assert.AreEqual(choice.SevereProbability, c.SevereProbability, 1e-12);
            values.Add(QtwistUtility.Default.Value(c.Days));
            holds.Add(QtwistUtility.Default.Value(c.HoldDays));
        }
        Assert.AreEqual(choice.Value, values.Average(), 1e-9, "V*");
        Assert.AreEqual(choice.HoldValue, holds.Average(), 1e-9, "V_hold");
        // The chosen plan is not hold, so V* and V_hold differ and the check above compares two different numbers.
        Assert.AreNotEqual(Library.IndexOfHold(), choice.Plan);
    }

    [TestMethod]
    public void LaterContinuationIsValuedFromTheStateOnItsOwnDiceAndIgnoresTheDiceItWillFace()
    {
        var library = Library;
        var immuno = Short.Simulation.Actions.IndexOf("immuno");
        var continuation = new PerfectInformationContinuation(library, Short, 4, QtwistUtility.Default, 0.10);
        var state = StateAfter(1, immuno, immuno);
        var c = continuation.Solve(Patient, state, 0, 0);
        Assert.AreEqual(2, c.Cycle);
        Assert.HasCount(2, c.Actions);

        // The chosen plan's continuation equals running the whole course (prefix + chosen rest) on the same dice, minus the prefix.
        var runner = new EpisodeRunner(Short);
        var whole = runner.Run(new FixedPlanPolicy([[immuno, immuno, .. c.Actions]]), ["p1"], [Patient.TrueTwin], [DiceSeeds.Evaluation(Patient.DiceSeed, 1)])[0];
        var before = QtwistUtility.Default.Value(new QtwistDays(state.ToxicityDays[0], state.TwistDays[0], state.RelapseDays[0]));
        Assert.AreEqual(QtwistUtility.Default.Value(whole.Days) - before, QtwistUtility.Default.Value(c.Days), 1e-9);

        // The choice depends on the state, not on the evaluation dice still to come: the same state with other future dice
        // (redrawn) gets the same plan.
        var other = StateAfter(1, immuno, immuno);
        other.RedrawDice(0, 987654321);
        CollectionAssert.AreEqual(c.Actions, continuation.Solve(Patient, other, 0, 0).Actions);
        // The state is read, not changed.
        Assert.AreEqual(2, state.Cycle);
        Assert.AreEqual(before, QtwistUtility.Default.Value(new QtwistDays(state.ToxicityDays[0], state.TwistDays[0], state.RelapseDays[0])));
    }

    [TestMethod]
    public void ChemotherapyAlreadyGivenCountsAgainstTheLibrarysLimit()
    {
        var actions = Short.Simulation.Actions;
        var library = new PlanLibrary(actions, Short.Cycles, maxChemotherapyCycles: 2);
        var chemo = actions.IndexOf("chemo_full");
        var continuation = new PerfectInformationContinuation(library, Short, 2, QtwistUtility.Default, 1.0);
        var c = continuation.Solve(Patient, StateAfter(0, chemo, chemo), 0, chemotherapyCyclesGiven: 2);
        Assert.IsTrue(c.Actions.All(a => actions[a].Chemotherapy == 0), $"no chemotherapy left, got {string.Join(",", c.Actions)}");
    }

    [TestMethod]
    public void RejectsAStateBetweenScansOrOfAnotherTwin()
    {
        var continuation = new PerfectInformationContinuation(Library, Short, 2, QtwistUtility.Default, 0.10);
        Assert.ThrowsExactly<ArgumentException>(() => continuation.Solve(Patient, StateAfter(0, 0), 0, 0));
        Assert.ThrowsExactly<ArgumentException>(() => continuation.Solve(Patient with { TrueTwin = NsclcParameters.Typical }, StateAfter(0), 0, 0));
    }

    [TestMethod]
    public void RedrawnDiceKeepThePastAndChangeOnlyTheFuture()
    {
        var immuno = Short.Simulation.Actions.IndexOf("immuno");
        var seed = DiceSeeds.Evaluation(Patient.DiceSeed, 0);
        // At day 0 with the same seed nothing changes (the cumulative hazard is 0).
        var a = StateAfter(0);
        var b = StateAfter(0);
        b.RedrawDice(0, seed);
        foreach (var s in new[] { a, b }) for (var c = 0; c < 4; c++) s.Advance([immuno]);
        Assert.AreEqual(a.LatestSld[0], b.LatestSld[0]);
        Assert.AreEqual(a.TwistDays[0], b.TwistDays[0]);

        // Later, another seed keeps the measured past (baseline) and changes the next scan's noise.
        var c1 = StateAfter(0, immuno, immuno);
        var c2 = StateAfter(0, immuno, immuno);
        c2.RedrawDice(0, seed ^ 0x5555);
        Assert.AreEqual(c1.BaselineSld[0], c2.BaselineSld[0]);
        foreach (var s in new[] { c1, c2 }) for (var c = 0; c < 2; c++) s.Advance([immuno]);
        Assert.AreNotEqual(c1.LatestSld[0], c2.LatestSld[0]);
    }
}
