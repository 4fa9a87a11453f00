using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Tests.Twin;

[TestClass]
public sealed class ZhaoModelTests
{
    private static readonly ZhaoChemotherapyModel Model = new();
    private static readonly int NoDose = Model.Actions.IndexOf("dose_0.0");
    private static readonly int FullDose = Model.Actions.IndexOf("dose_1.0");

    [TestMethod]
    public void OneMonthFollowsTheDifferenceEquations()
    {
        var p = ZhaoParameters.Published(w0: 0.5, m0: 1.0);
        var run = ReferenceSimulator.Run(Model, p, [FullDose], 1, sampleDeath: false);
        // W1 = W0 + a1 max(M0, M0) + b1 (1 - d1) = 0.5 + 0.1 + 0.6;  M1 = M0 + a2 max(W0, W0) - b2 (1 - d2) = 1 + 0.075 - 0.6
        Assert.AreEqual(1.2, run.States[1][ZhaoChemotherapyModel.W], 1e-12);
        Assert.AreEqual(0.475, run.States[1][ZhaoChemotherapyModel.M], 1e-12);
    }

    [TestMethod]
    public void ConstantDosesMoveWellnessAndTumourAsTheEquationsImply()
    {
        var p = ZhaoParameters.Published(w0: 1.0, m0: 1.0);
        var none = ReferenceSimulator.Run(Model, p, Enumerable.Repeat(NoDose, 6).ToArray(), 1, sampleDeath: false);
        var full = ReferenceSimulator.Run(Model, p, Enumerable.Repeat(FullDose, 6).ToArray(), 1, sampleDeath: false);
        for (var k = 1; k <= 6; k++)
        {
            // D = 0: dM/dt = a2 max(W, W0) + b2 d2 > 0, the tumour grows every month; W is pushed down to 0.
            Assert.IsGreaterThan(none.States[k - 1][ZhaoChemotherapyModel.M], none.States[k][ZhaoChemotherapyModel.M], $"month {k}, no dose");
            // D = 1: dW/dt = a1 max(M, M0) + b1 (1 - d1) > 0, toxicity accumulates every month.
            Assert.IsGreaterThan(full.States[k - 1][ZhaoChemotherapyModel.W], full.States[k][ZhaoChemotherapyModel.W], $"month {k}, full dose");
        }

        Assert.AreEqual(0.0, none.States[6][ZhaoChemotherapyModel.W], "wellness floor at 0");
        Assert.AreEqual(0.0, full.States[6][ZhaoChemotherapyModel.M], "full dose eradicates the tumour (M held at 0)");
        Assert.IsGreaterThan(full.States[6][ZhaoChemotherapyModel.M], none.States[6][ZhaoChemotherapyModel.M]);
        Assert.IsGreaterThan(none.States[6][ZhaoChemotherapyModel.W], full.States[6][ZhaoChemotherapyModel.W]);
    }

    [TestMethod]
    public void TumourStaysAtZeroOnceGone()
    {
        var p = ZhaoParameters.Published(w0: 0.1, m0: 0.0);
        var run = ReferenceSimulator.Run(Model, p, Enumerable.Repeat(NoDose, 3).ToArray(), 1, sampleDeath: false);
        Assert.IsTrue(run.States.All(s => s[ZhaoChemotherapyModel.M] == 0.0), "1(M > 0) freezes a cured tumour");
    }

    [TestMethod]
    public void DeathProbabilityFollowsThePublishedFormula()
    {
        var p = ZhaoParameters.Published(w0: 1.0, m0: 1.0);
        double[] before = [1.0, 2.0, 0.0];
        double[] after = [1.5, 0.5, 1.0];
        var lambdaBefore = Math.Exp(-4 + 1.0 + 2.0);
        var lambdaAfter = Math.Exp(-4 + 1.5 + 0.5);
        Assert.AreEqual(1 - Math.Exp(-(lambdaBefore + lambdaAfter)), Model.DeathProbability(p, before, after), 1e-15);
    }

    [TestMethod]
    public void RewardRules()
    {
        var p = ZhaoParameters.Published(1, 1);
        Assert.AreEqual(-60.0, Model.Reward(p, [1, 1, 0], [0, 0, 0], died: true), "death replaces everything");
        Assert.AreEqual(5.0 + 15.0, Model.Reward(p, [1, 1, 0], [0.5, 0, 0], died: false), "W down 0.5, tumour gone");
        Assert.AreEqual(-5.0 + 5.0, Model.Reward(p, [1, 1, 0], [1.5, 0.4, 0], died: false), "W up 0.5, M down 0.6");
        Assert.AreEqual(-5.0, Model.Reward(p, [1, 1, 0], [1.2, 1.6, 0], died: false), "W up 0.2 (no change), M up 0.6");
        Assert.AreEqual(0.0, Model.Reward(p, [1, 1, 0], [1.2, 1.2, 0], died: false));
    }

    [TestMethod]
    public void DeathIsSampledWithTheModelProbability()
    {
        // A heavy toxicity burden makes death near certain within six months; the reference
        // simulator then stops and the last reward is -60.
        var p = ZhaoParameters.Published(w0: 2.0, m0: 2.0) with { Mu0 = 0 };
        var run = ReferenceSimulator.Run(Model, p, Enumerable.Repeat(FullDose, 6).ToArray(), 3);
        Assert.AreEqual(0, run.DeathInterval);
        Assert.AreEqual(-60.0, run.Rewards[^1]);
        Assert.ThrowsExactly<ArgumentException>(() => ReferenceSimulator.Run(Model, p with { W0 = -1 }, [0], 1));
    }
}
