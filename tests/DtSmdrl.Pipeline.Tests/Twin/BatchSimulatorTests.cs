using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Tests.Twin;

[TestClass]
public sealed class BatchSimulatorTests
{
    internal static NsclcParameters[] VariedPatients(int count, int seed)
    {
        var rng = new Random(seed);
        var patients = new NsclcParameters[count];
        for (var i = 0; i < count; i++)
        {
            var typical = NsclcParameters.Typical;
            var lesions = 1 + rng.Next(5);
            var v0 = NsclcDynamics.VolumeFromSld(30 + 150 * rng.NextDouble(), lesions);
            patients[i] = typical with
            {
                LesionCount = lesions,
                V0 = v0,
                K = 10 * v0,
                VRef = typical.VRef,
                G = typical.G * Math.Exp(0.5 * (rng.NextDouble() - 0.5)),
                KC = typical.KC * Math.Exp(rng.NextDouble() - 0.5),
                KT = rng.NextDouble() < 0.3 ? 0.06 : 0.0,
                Responder = rng.NextDouble() < 0.4 ? 1 : 0,
                Slope = typical.Slope * Math.Exp(0.6 * (rng.NextDouble() - 0.5)),
                Circ0 = typical.Circ0 * Math.Exp(0.4 * (rng.NextDouble() - 0.5)),
            };
        }

        return patients;
    }

    // The SIMD kernel's stated tolerance against the scalar path: its log/exp are within 5e-16 of exact and the
    // equations are rearranged (ln V shared, pow as exp of a log), so states differ by rounding that RK4 carries
    // along; over 8-17 cycles that stays far below 1e-9 relative (the scalar kernel equals the reference to 1e-12).
    internal const double SimdTolerance = 1e-9;

    [TestMethod]
    public void ScalarKernelEqualsTheSinglePatientReference() => CompareWithReference(TwinKernel.Scalar, 1e-12);

    [TestMethod]
    public void SimdKernelEqualsTheSinglePatientReferenceWithinItsTolerance() => CompareWithReference(TwinKernel.Simd, SimdTolerance);

    private static void CompareWithReference(TwinKernel kernel, double tolerance)
    {
        const int patients = 16;
        const int cycles = 8;
        // Frequent irAEs and targeted-therapy events so that both simulators draw and apply several of them.
        var parameters = VariedPatients(patients, 3).Select(p => p with { IraeLogit0 = -1.0, TkaeLogit = 0.0 }).ToArray();
        var plans = new int[patients][];
        var rng = new Random(5);
        for (var i = 0; i < patients; i++)
        {
            plans[i] = Enumerable.Range(0, cycles).Select(_ => rng.Next(ActionSet.NsclcDefault.Count)).ToArray();
        }

        // Death off (the reference samples death per interval, the batch per step) and no scans, so no
        // progression is observed: every well day is a TWiST day in both simulators and the rewards compare exactly.
        var options = new NsclcSimulationOptions { DeathEnabled = false, ScanIntervalDays = 100_000, Kernel = kernel };
        var sim = new NsclcBatchSimulator(patients, options);
        sim.Reset(parameters, Enumerable.Range(0, patients).Select(i => (ulong)i).ToArray());
        var model = new NsclcTwinModel();
        var references = parameters.Select((p, i) => ReferenceSimulator.Run(model, p, plans[i], (ulong)i, sampleDeath: false, events: new NsclcReferenceEvents(options))).ToArray();
        var actions = new int[patients];
        var state = new double[NsclcState.Count];
        for (var c = 0; c < cycles; c++)
        {
            for (var i = 0; i < patients; i++)
            {
                actions[i] = plans[i][c];
            }

            sim.Advance(actions);
            for (var i = 0; i < patients; i++)
            {
                sim.CopyTrueState(i, state);
                var expected = references[i].States[c + 1];
                for (var v = 0; v < NsclcState.Count; v++)
                {
                    Assert.AreEqual(expected[v], state[v], tolerance * Math.Max(1.0, Math.Abs(expected[v])), $"{kernel}: patient {i}, cycle {c}, {NsclcState.Names[v]}");
                }

                Assert.AreEqual(references[i].Rewards[c], sim.Rewards[i], tolerance, $"{kernel}: reward of patient {i}, cycle {c}");
                Assert.AreEqual(references[i].Costs[c], sim.Costs[i], tolerance, $"{kernel}: cost of patient {i}, cycle {c}");
            }
        }

        Assert.IsGreaterThan(1, sim.StateVariable(NsclcState.IraeCount).ToArray().Count(n => n > 0), "irAEs were compared");
        Assert.IsGreaterThan(1, sim.StateVariable(NsclcState.TkaeCount).ToArray().Count(n => n > 0), "targeted-therapy events were compared");
        Assert.IsGreaterThan(0, sim.ToxicityDays.ToArray().Sum(), "toxicity days were compared");
    }

    [TestMethod]
    public void SimdKernelMatchesTheScalarKernelWithDeathsEventsAndScansOn()
    {
        // 603 patients: several 256-patient chunks and a last vector group with one real lane; frequent events,
        // a raised hazard so that many die, scans every 42 days (RECIST, PFS), 17 cycles under mixed plans.
        const int patients = 603;
        const int cycles = 17;
        var parameters = VariedPatients(patients, 31).Select(p => p with { IraeLogit0 = -1.5, TkaeLogit = -1.0, H0 = 0.004 }).ToArray();
        var seeds = Enumerable.Range(0, patients).Select(i => (ulong)(7000 + i)).ToArray();
        var rng = new Random(9);
        var plans = Enumerable.Range(0, cycles).Select(_ => Enumerable.Range(0, patients).Select(_ => rng.Next(ActionSet.NsclcDefault.Count)).ToArray()).ToArray();

        NsclcBatchSimulator Run(TwinKernel kernel)
        {
            var sim = new NsclcBatchSimulator(patients, new NsclcSimulationOptions { Kernel = kernel });
            sim.Reset(parameters, seeds);
            foreach (var plan in plans)
            {
                sim.Advance(plan);
            }

            return sim;
        }

        var scalar = Run(TwinKernel.Scalar);
        var simd = Run(TwinKernel.Simd);
        var deaths = 0;
        for (var i = 0; i < patients; i++)
        {
            Assert.AreEqual(scalar.Alive[i], simd.Alive[i], $"patient {i}: alive");
            Assert.AreEqual(scalar.DeathDay[i], simd.DeathDay[i], $"patient {i}: death day (same solver step)");
            Assert.AreEqual(scalar.PfsEventDay[i], simd.PfsEventDay[i], $"patient {i}: PFS event day");
            Assert.AreEqual(scalar.BestResponse[i], simd.BestResponse[i], $"patient {i}: best response");
            Assert.AreEqual(scalar.WorstNeutropeniaGrade[i], simd.WorstNeutropeniaGrade[i], $"patient {i}: worst neutropenia grade");
            Assert.AreEqual(scalar.ToxicityDays[i], simd.ToxicityDays[i], $"patient {i}: toxicity days");
            Assert.AreEqual(scalar.TwistDays[i], simd.TwistDays[i], $"patient {i}: TWiST days");
            Assert.AreEqual(scalar.RelapseDays[i], simd.RelapseDays[i], $"patient {i}: relapse days");
            Assert.AreEqual(scalar.EpisodeReward[i], simd.EpisodeReward[i], SimdTolerance, $"patient {i}: episode reward");
            Assert.AreEqual(scalar.EpisodeCost[i], simd.EpisodeCost[i], SimdTolerance, $"patient {i}: episode cost");
            Assert.AreEqual(scalar.LatestSld[i], simd.LatestSld[i], SimdTolerance * Math.Max(1.0, scalar.LatestSld[i]), $"patient {i}: latest SLD");
            Assert.AreEqual(scalar.LatestAnc[i], simd.LatestAnc[i], SimdTolerance * Math.Max(1.0, scalar.LatestAnc[i]), $"patient {i}: latest ANC");
            for (var v = 0; v < NsclcState.Count; v++)
            {
                var expected = scalar.StateVariable(v)[i];
                Assert.AreEqual(expected, simd.StateVariable(v)[i], SimdTolerance * Math.Max(1.0, Math.Abs(expected)), $"patient {i}, {NsclcState.Names[v]}");
            }

            deaths += scalar.Alive[i] ? 0 : 1;
        }

        Assert.IsGreaterThan(patients / 10, deaths, "deaths were compared");
        Assert.IsGreaterThan(patients / 10, scalar.StateVariable(NsclcState.IraeCount).ToArray().Count(n => n > 0), "irAEs were compared");
        Assert.IsGreaterThan(patients / 10, scalar.StateVariable(NsclcState.TkaeCount).ToArray().Count(n => n > 0), "targeted-therapy events were compared");
        Assert.IsGreaterThan(patients / 10, scalar.Progressed.ToArray().Count(p => p), "progression was compared");
    }

    [TestMethod]
    public void MultiThreadedRunEqualsSingleThreaded()
    {
        const int patients = 600;
        var parameters = VariedPatients(patients, 11);
        var seeds = Enumerable.Range(0, patients).Select(i => (ulong)(1000 + i)).ToArray();
        var rng = new Random(2);
        var plans = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, patients).Select(_ => rng.Next(6)).ToArray()).ToArray();

        NsclcBatchSimulator Run(int threads)
        {
            var sim = new NsclcBatchSimulator(patients);
            sim.Reset(parameters, seeds);
            foreach (var plan in plans)
            {
                sim.Advance(plan, threads: threads);
            }

            return sim;
        }

        var one = Run(1);
        var two = Run(2);
        for (var v = 0; v < NsclcState.Count; v++)
        {
            CollectionAssert.AreEqual(one.StateVariable(v).ToArray(), two.StateVariable(v).ToArray(), NsclcState.Names[v]);
        }

        CollectionAssert.AreEqual(one.EpisodeReward.ToArray(), two.EpisodeReward.ToArray());
        CollectionAssert.AreEqual(one.LatestSld.ToArray(), two.LatestSld.ToArray());
        CollectionAssert.AreEqual(one.DeathDay.ToArray(), two.DeathDay.ToArray());
    }

    [TestMethod]
    public void NoiseIsCommonAcrossPolicies()
    {
        // Same patient and seed under two different plans: the baseline scan noise and the death
        // threshold draw are identical, so differences come from the actions only.
        var p = NsclcParameters.Typical;
        var a = new NsclcBatchSimulator(1);
        var b = new NsclcBatchSimulator(1);
        a.Reset([p], [42UL]);
        b.Reset([p], [42UL]);
        Assert.AreEqual(a.BaselineSld[0], b.BaselineSld[0]);
        a.Advance([0]);
        b.Advance([0]);
        a.Advance([0]);
        b.Advance([0]);
        Assert.AreEqual(a.LatestSld[0], b.LatestSld[0], "same true state and same scan noise");
        Assert.AreNotEqual(p.V0, a.BaselineSld[0], "the baseline scan is noisy");
    }

    [TestMethod]
    public void BranchingEqualsSimulatingTheWholePath()
    {
        var patients = VariedPatients(3, 21);
        ulong[] seeds = [5, 6, 7];
        var prefix = new NsclcBatchSimulator(3);
        prefix.Reset(patients, seeds);
        prefix.Advance([1, 4, 3]);
        prefix.Advance([5, 4, 3]);

        // Fan patient 1 out to every action for the third cycle.
        var actionCount = ActionSet.NsclcDefault.Count;
        var branch = new NsclcBatchSimulator(actionCount);
        branch.BranchFrom(prefix, Enumerable.Repeat(1, actionCount).ToArray());
        branch.Advance(Enumerable.Range(0, actionCount).ToArray());

        var state = new double[NsclcState.Count];
        var expected = new double[NsclcState.Count];
        for (var a = 0; a < actionCount; a++)
        {
            var full = new NsclcBatchSimulator(1);
            full.Reset([patients[1]], [seeds[1]]);
            full.Advance([4]);
            full.Advance([4]);
            full.Advance([a]);
            branch.CopyTrueState(a, state);
            full.CopyTrueState(0, expected);
            CollectionAssert.AreEqual(expected, state, $"action {a}");
            Assert.AreEqual(full.EpisodeReward[0], branch.EpisodeReward[a]);
            Assert.AreEqual(full.LatestSld[0], branch.LatestSld[a]);
            Assert.AreEqual(full.Day, branch.Day);
        }
    }

    [TestMethod]
    public void SummedEpisodeRewardIsTheQTwistFormulaOverTheDayCounters()
    {
        const int patients = 300;
        var parameters = VariedPatients(patients, 17);
        var options = new NsclcSimulationOptions { Rewards = new NsclcRewardOptions { ToxicityUtility = 0.3, RelapseUtility = 0.7 } };
        var sim = new NsclcBatchSimulator(patients, options);
        sim.Reset(parameters, Enumerable.Range(0, patients).Select(i => (ulong)(7000 + i)).ToArray());
        var rng = new Random(8);
        var actionCount = ActionSet.NsclcDefault.Count;
        var actions = new int[patients];
        var summed = new double[patients];
        var costs = new double[patients];
        var hold = ActionSet.NsclcDefault.IndexOf("hold");
        var cycle = 0;
        while (sim.Day < 364)
        {
            // Eight random treatment cycles, then follow-up under hold in 21-day chunks and a final 7-day one.
            var days = Math.Min(21, 364 - sim.Day);
            for (var i = 0; i < patients; i++)
            {
                actions[i] = cycle < 8 ? rng.Next(actionCount) : hold;
            }

            sim.Advance(actions, days);
            for (var i = 0; i < patients; i++)
            {
                Assert.IsTrue(sim.Rewards[i] >= 0 && sim.Rewards[i] <= days, $"patient {i}, cycle {cycle}: reward {sim.Rewards[i]} outside [0, {days}] days");
                summed[i] += sim.Rewards[i];
                costs[i] += sim.Costs[i];
            }

            cycle++;
        }

        var tkaeCount = sim.StateVariable(NsclcState.TkaeCount);
        var iraeCount = sim.StateVariable(NsclcState.IraeCount);
        for (var i = 0; i < patients; i++)
        {
            var j = options.Rewards.QualityAdjustedDays(sim.ToxicityDays[i], sim.TwistDays[i], sim.RelapseDays[i]);
            Assert.AreEqual(j, summed[i], 1e-9, $"patient {i}: summed rewards vs Q-TWiST formula");
            Assert.AreEqual(j, sim.EpisodeReward[i], 1e-9, $"patient {i}: EpisodeReward vs Q-TWiST formula");
            Assert.AreEqual(costs[i], sim.EpisodeCost[i], 1e-12, $"patient {i}: EpisodeCost");
            Assert.IsTrue(sim.EpisodeCost[i] >= tkaeCount[i] + iraeCount[i], $"patient {i}: every new irAE and TKI event costs 1");
        }

        // The run exercised every part of the accounting (otherwise the equality above would be weak).
        Assert.IsGreaterThan(0, sim.DeathDay.ToArray().Count(d => !double.IsNaN(d)), "deaths");
        Assert.IsGreaterThan(0, iraeCount.ToArray().Count(c => c > 0), "irAEs");
        Assert.IsGreaterThan(0, tkaeCount.ToArray().Count(c => c > 0), "targeted-therapy events");
        Assert.IsGreaterThan(0, sim.RelapseDays.ToArray().Count(d => d > 0), "relapse days");
        Assert.IsGreaterThan(0, sim.ToxicityDays.ToArray().Count(d => d > 0), "toxicity days");
    }

    [TestMethod]
    public void TargetedTherapyEventHoldsTheInhibitorCostsOneAndCountsToxicityDays()
    {
        // A patient certain to have an event in the first TKI cycle (logit 20), lasting 10 days.
        var p = NsclcParameters.Typical with { TkaeLogit = 20, TkaeDuration = 10, H0 = 0 };
        var targeted = ActionSet.NsclcDefault.IndexOf("targeted");
        var sim = new NsclcBatchSimulator(1);
        sim.Reset([p], [3UL]);
        sim.Advance([targeted]);
        Assert.AreEqual(1.0, sim.StateVariable(NsclcState.TkaeCount)[0], "one event in the first TKI cycle");
        Assert.IsTrue(sim.SevereToxicity[0], "a grade >= 3 targeted-therapy event is severe");
        Assert.AreEqual(1.0, sim.Costs[0], 1e-12, "its cost (no neutropenia without chemotherapy)");
        Assert.AreEqual(sim.Options.Rewards.QualityAdjustedDays(sim.ToxicityDays[0], sim.TwistDays[0], 0), sim.Rewards[0], 1e-12);

        // The event may run into the next cycle; under hold no new event is drawn. Ten days of event touch 10 or 11 calendar days.
        sim.Advance([ActionSet.NsclcDefault.IndexOf("hold")]);
        Assert.AreEqual(1.0, sim.StateVariable(NsclcState.TkaeCount)[0]);
        Assert.AreEqual(0.0, sim.Costs[0], "no new event under hold");
        Assert.IsTrue(sim.ToxicityDays[0] is 10 or 11, $"10 or 11 toxicity days, got {sim.ToxicityDays[0]}");

        // The inhibitor is held while the event is active: less drug exposure than without events.
        var without = new NsclcBatchSimulator(1, new NsclcSimulationOptions { TargetedEventsEnabled = false });
        without.Reset([p], [3UL]);
        without.Advance([targeted]);
        Assert.AreEqual(0.0, without.StateVariable(NsclcState.TkaeCount)[0], "the switch turns the draws off");
        Assert.AreEqual(0.0, without.Costs[0]);
        Assert.AreEqual(0.0, without.ToxicityDays[0]);
        Assert.AreEqual(21.0, without.Rewards[0], 1e-12, "21 TWiST days");

        // A held inhibitor shows as a lower concentration at some day of the cycle; re-run day by day to see it.
        var dayByDay = new NsclcBatchSimulator(1);
        var reference = new NsclcBatchSimulator(1, new NsclcSimulationOptions { TargetedEventsEnabled = false });
        dayByDay.Reset([p], [3UL]);
        reference.Reset([p], [3UL]);
        var lower = false;
        for (var d = 0; d < 21; d++)
        {
            dayByDay.Advance([targeted], 1);
            reference.Advance([targeted], 1);
            lower |= dayByDay.StateVariable(NsclcState.Ct)[0] < 0.5 * reference.StateVariable(NsclcState.Ct)[0];
        }

        Assert.IsTrue(lower, "the kinase inhibitor is held during the event");

        // Common random numbers: the same seed draws the same event whatever was given before.
        var afterHold = new NsclcBatchSimulator(1);
        afterHold.Reset([p with { TkaeLogit = -1 }], [11UL]);
        var afterChemo = new NsclcBatchSimulator(1);
        afterChemo.Reset([p with { TkaeLogit = -1 }], [11UL]);
        afterHold.Advance([ActionSet.NsclcDefault.IndexOf("hold")]);
        afterChemo.Advance([ActionSet.NsclcDefault.IndexOf("chemo_full")]);
        afterHold.Advance([targeted]);
        afterChemo.Advance([targeted]);
        Assert.AreEqual(afterHold.StateVariable(NsclcState.TkaeCount)[0], afterChemo.StateVariable(NsclcState.TkaeCount)[0]);
        Assert.AreEqual(afterHold.TargetedEventActive(0), afterChemo.TargetedEventActive(0));
    }

    [TestMethod]
    public void QualityAdjustedDaysAddUpToTheDaysSurvived()
    {
        const int patients = 40;
        var parameters = VariedPatients(patients, 11);
        var sim = new NsclcBatchSimulator(patients);
        sim.Reset(parameters, Enumerable.Range(0, patients).Select(i => (ulong)(100 + i)).ToArray());
        var chemo = Enumerable.Repeat(ActionSet.NsclcDefault.IndexOf("chemo_full"), patients).ToArray();
        var hold = Enumerable.Repeat(ActionSet.NsclcDefault.IndexOf("hold"), patients).ToArray();
        for (var c = 0; c < 12; c++)
        {
            sim.Advance(c < 4 ? chemo : hold);
        }

        var toxicDaysSeen = 0.0;
        for (var i = 0; i < patients; i++)
        {
            var survived = double.IsNaN(sim.DeathDay[i]) ? sim.Day : Math.Floor(sim.DeathDay[i]);
            var counted = sim.ToxicityDays[i] + sim.TwistDays[i] + sim.RelapseDays[i];
            Assert.IsTrue(Math.Abs(counted - survived) <= 1, $"patient {i}: {counted} days counted, {survived} survived");
            Assert.IsTrue(sim.Progressed[i] || sim.RelapseDays[i] == 0, $"patient {i}: relapse days without progression");
            toxicDaysSeen += sim.ToxicityDays[i];
        }

        // Full-dose chemotherapy makes grade >= 3 neutropenia days in a typical cohort.
        Assert.IsTrue(toxicDaysSeen > 0, "no toxicity day under four cycles of full-dose chemotherapy");
    }
}
