using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Tests.Twin;

[TestClass]
public sealed class NsclcModelTests
{
    private static readonly NsclcTwinModel Model = new();

    private static NsclcParameters Untreatable() => NsclcParameters.Typical with { Mu = 0, GR = NsclcParameters.Typical.G, H0 = 0 };

    [TestMethod]
    public void GrowthWithoutTreatmentMatchesAnalyticGompertz()
    {
        var p = Untreatable();
        var trajectory = ReferenceSimulator.Run(Model, p, Enumerable.Repeat(0, 12).ToArray(), seed: 1, sampleDeath: false);
        for (var k = 1; k < trajectory.States.Count; k++)
        {
            var t = k * NsclcTwinModel.CycleDays;
            var expected = NsclcDynamics.GompertzVolume(p.V0, p.K, p.G, t);
            var actual = NsclcDynamics.Volume(trajectory.States[k]);
            Assert.AreEqual(expected, actual, 1e-8 * expected, $"day {t}");
        }
    }

    [TestMethod]
    public void DoublingTimeConversionDoublesTheVolume()
    {
        var p = Untreatable();
        var g = NsclcDynamics.GompertzRateFromDoublingTime(100, p.K / p.V0);
        Assert.AreEqual(2 * p.V0, NsclcDynamics.GompertzVolume(p.V0, p.K, g, 100), 1e-9 * p.V0);
    }

    [TestMethod]
    public void OneCompartmentPharmacokineticsMatchClosedForm()
    {
        var p = Untreatable();
        var actions = ActionSet.NsclcDefault;

        // Antibody: one bolus, C(21) = D/V exp(-k 21).
        var immuno = ReferenceSimulator.Run(Model, p, [actions.IndexOf("immuno")], 1, sampleDeath: false);
        var abExpected = p.DoseI / p.VolI * Math.Exp(-p.KeI * 21);
        Assert.AreEqual(abExpected, immuno.States[1][NsclcState.Ab], 1e-7 * abExpected);

        // Kinase inhibitor: 21 daily boluses superpose, C(21) = sum_j D/V exp(-k (21 - j)).
        var targeted = ReferenceSimulator.Run(Model, p, [actions.IndexOf("targeted")], 1, sampleDeath: false);
        var ctExpected = Enumerable.Range(0, 21).Sum(j => p.DoseT / p.VolT * Math.Exp(-p.KeT * (21 - j)));
        Assert.AreEqual(ctExpected, targeted.States[1][NsclcState.Ct], 1e-5 * ctExpected);

        // Chemotherapy (fastest rate, ke h = 0.35): RK4's relative error is about 3e-5 per step, so
        // under 1% after 84 steps at the default step; a 4x smaller step cuts the error by about 4^4.
        var ccExpected = p.DoseC / p.VolC * Math.Exp(-p.KeC * 21);
        var chemo = ReferenceSimulator.Run(Model, p, [actions.IndexOf("chemo_full")], 1, stepSize: 0.25, sampleDeath: false);
        Assert.AreEqual(ccExpected, chemo.States[1][NsclcState.Cc], 1e-2 * ccExpected);
        var chemoFine = ReferenceSimulator.Run(Model, p, [actions.IndexOf("chemo_full")], 1, stepSize: 1.0 / 16, sampleDeath: false);
        var coarseError = Math.Abs(chemo.States[1][NsclcState.Cc] - ccExpected);
        var fineError = Math.Abs(chemoFine.States[1][NsclcState.Cc] - ccExpected);
        Assert.IsGreaterThan(100.0, coarseError / fineError, "fourth-order convergence");
    }

    [TestMethod]
    public void FineStepAgreesWithDefaultStep()
    {
        var p = NsclcParameters.Typical with { KT = 0.05, Responder = 1, H0 = 0.001 };
        int[] plan = [1, 2, 5, 3, 4, 0, 1, 3];
        var coarse = ReferenceSimulator.Run(Model, p, plan, 1, stepSize: 0.25, sampleDeath: false);
        var fine = ReferenceSimulator.Run(Model, p, plan, 1, stepSize: 1.0 / 64, sampleDeath: false);
        for (var k = 1; k < coarse.States.Count; k++)
        {
            var vc = NsclcDynamics.Volume(coarse.States[k]);
            var vf = NsclcDynamics.Volume(fine.States[k]);
            Assert.AreEqual(vf, vc, 1e-4 * vf, $"volume after cycle {k}");
            Assert.AreEqual(fine.States[k][NsclcState.Circ], coarse.States[k][NsclcState.Circ], 1e-3 * fine.States[k][NsclcState.Circ], $"ANC after cycle {k}");
            Assert.AreEqual(fine.States[k][NsclcState.MinCirc], coarse.States[k][NsclcState.MinCirc], 0.02, $"ANC nadir in cycle {k}");
            Assert.AreEqual(fine.States[k][NsclcState.H], coarse.States[k][NsclcState.H], 1e-4 * fine.States[k][NsclcState.H], $"hazard after cycle {k}");
        }
    }

    [TestMethod]
    public void FribergHoldsBaselineWithoutDrug()
    {
        var p = NsclcParameters.Typical;
        var trajectory = ReferenceSimulator.Run(Model, p, Enumerable.Repeat(0, 6).ToArray(), 1, sampleDeath: false);
        foreach (var s in trajectory.States)
        {
            foreach (var index in new[] { NsclcState.Prol, NsclcState.T1, NsclcState.T2, NsclcState.T3, NsclcState.Circ, NsclcState.MinCirc })
            {
                Assert.AreEqual(p.Circ0, s[index], 1e-12, NsclcState.Names[index]);
            }
        }
    }

    [TestMethod]
    public void ChemotherapyNadirFallsSevenToTenDaysAfterTheDose()
    {
        var sim = new NsclcBatchSimulator(1, new NsclcSimulationOptions { DeathEnabled = false, IraeEnabled = false, TargetedEventsEnabled = false });
        sim.RecordDaily(21);
        sim.Reset([NsclcParameters.Typical], [1UL]);
        sim.Advance([ActionSet.NsclcDefault.IndexOf("chemo_full")]);
        var nadirDay = Enumerable.Range(0, 22).MinBy(d => sim.RecordedAnc(0, d));
        Assert.IsTrue(nadirDay is >= 7 and <= 10, $"nadir on day {nadirDay}");
        Assert.IsLessThan(0.5 * NsclcParameters.Typical.Circ0, sim.RecordedAnc(0, nadirDay));
        Assert.IsGreaterThan(0.9 * NsclcParameters.Typical.Circ0, sim.RecordedAnc(0, 21), "recovered by day 21");
    }

    [TestMethod]
    public void DrugsShrinkOnlyWhereTheBiomarkersSaySo()
    {
        var wildType = NsclcParameters.Typical with { KT = 0, H0 = 0 };
        var mutant = wildType with { KT = 0.08 };
        var targeted = Enumerable.Repeat(ActionSet.NsclcDefault.IndexOf("targeted"), 4).ToArray();
        var hold = Enumerable.Repeat(0, 4).ToArray();
        double Final(NsclcParameters p, int[] plan) => NsclcDynamics.Volume(ReferenceSimulator.Run(Model, p, plan, 1, sampleDeath: false).States[^1]);

        Assert.AreEqual(Final(wildType, hold), Final(wildType, targeted), 1e-9 * Final(wildType, hold), "kT = 0: the inhibitor does nothing");
        Assert.IsLessThan(0.5 * Final(mutant, hold), Final(mutant, targeted), "EGFR-mutant tumour shrinks on the inhibitor");

        var immuno = Enumerable.Repeat(ActionSet.NsclcDefault.IndexOf("immuno"), 8).ToArray();
        var nonResponder = wildType with { Responder = 0, KI = 0.05 };
        var responder = nonResponder with { Responder = 1 };
        Assert.IsLessThan(0.5 * Final(nonResponder, immuno), Final(responder, immuno), "responder shrinks on the antibody");
    }

    [TestMethod]
    public void BadParametersGiveClearErrors()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => (NsclcParameters.Typical with { KC = -0.1 }).Validate("patient 7"));
        StringAssert.Contains(error.Message, "patient 7");
        StringAssert.Contains(error.Message, "KC");

        var lesions = Assert.ThrowsExactly<ArgumentException>(() => (NsclcParameters.Typical with { LesionCount = 0 }).Validate());
        StringAssert.Contains(lesions.Message, "LesionCount");

        var sim = new NsclcBatchSimulator(2);
        var reset = Assert.ThrowsExactly<ArgumentException>(() => sim.Reset([NsclcParameters.Typical, NsclcParameters.Typical with { Mtt = double.NaN }], [1UL, 2UL]));
        StringAssert.Contains(reset.Message, "patient 1");
        StringAssert.Contains(reset.Message, "Mtt");
    }

    [TestMethod]
    public void UnknownActionsAreRejected()
    {
        var byIndex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ActionSet.NsclcDefault.Get(6));
        StringAssert.Contains(byIndex.Message, "Unknown action index 6");
        var byName = Assert.ThrowsExactly<ArgumentException>(() => ActionSet.NsclcDefault.IndexOf("radiotherapy"));
        StringAssert.Contains(byName.Message, "chemo_immuno");

        var sim = new NsclcBatchSimulator(1);
        sim.Reset([NsclcParameters.Typical], [1UL]);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => sim.Advance([-1]));
        Assert.ThrowsExactly<ArgumentException>(() => new ActionSet([new TreatmentAction("x", 1.5, 0, 0)]));
        Assert.ThrowsExactly<ArgumentException>(() => new ActionSet([new TreatmentAction("x", 1, 0, 0), new TreatmentAction("x", 0, 0, 0)]));
    }

    [TestMethod]
    public void DefaultActionSetHasTheDocumentedNamesAndFractions()
    {
        CollectionAssert.AreEqual(
            new[] { "hold", "chemo_full", "chemo_reduced", "targeted", "immuno", "chemo_immuno" },
            ActionSet.NsclcDefault.Names.ToArray());
        var combo = ActionSet.NsclcDefault[ActionSet.NsclcDefault.IndexOf("chemo_immuno")];
        Assert.AreEqual(1.0, combo.Fraction(DrugClass.Chemotherapy));
        Assert.AreEqual(1.0, combo.Fraction(DrugClass.Immunotherapy));
        Assert.AreEqual(0.0, combo.Fraction(DrugClass.Targeted));
    }
}
