using DtSmdrl.Plugins.BuiltIn.Explainers;
using DtSmdrl.Plugins.Contracts.Explainers;

namespace DtSmdrl.Plugins.Tests.Explainers;

[TestClass]
public sealed class KernelShapTests
{
    private static readonly double[] Weights = [1.5, -2.0, 0.5, 3.0, -0.25];

    private static double Linear(double[] x) => 0.7 + x.Select((v, j) => Weights[j] * v).Sum();

    [TestMethod]
    public void LinearModelGetsWeightTimesDistanceFromBackgroundMean()
    {
        var model = TestModels.FromFunction("linear", 5, Linear);
        var background = TestModels.Rows(6, 5, seed: 3);
        var x = new[] { 1.0, 0.5, -1.0, 2.0, 0.0 };
        var shap = KernelShap.Attribute(model, "p", x, background, [new ExplanationTarget(0)], samples: 256, bootstrap: 0, new Random(1))[0];

        Assert.IsTrue(shap.Exact, "30 coalitions fit the budget, so all are enumerated.");
        for (var j = 0; j < 5; j++)
            Assert.AreEqual(Weights[j] * (x[j] - background.Average(b => b[j])), shap.Values[j], 1e-9, $"feature {j}");
        Assert.AreEqual(Linear(x) - background.Average(Linear), shap.Values.Sum(), 1e-9);
        Assert.AreEqual(0.0, shap.CompletenessGap, 1e-9);
    }

    [TestMethod]
    public void EnumeratedCoalitionsGiveTheExactShapleyValuesOfAnInteractingModel()
    {
        static double F(double[] x) => x[0] * x[1] + 2 * x[2] + Math.Sin(x[3]) * x[4] + x[5] * x[5];
        var model = TestModels.FromFunction("interacting", 6, F);
        var background = TestModels.Rows(5, 6, seed: 4);
        var x = TestModels.Rows(1, 6, seed: 5)[0];
        var shap = KernelShap.Attribute(model, "p", x, background, [new ExplanationTarget(0)], samples: 100, bootstrap: 0, new Random(1))[0];
        var exact = TestModels.BruteForceShapley(F, x, background);

        Assert.IsTrue(shap.Exact);
        for (var j = 0; j < 6; j++) Assert.AreEqual(exact[j], shap.Values[j], 1e-9, $"feature {j}");
        Assert.AreEqual(shap.Prediction - shap.Reference, shap.Values.Sum(), 1e-9);
    }

    [TestMethod]
    public void SampledCoalitionsKeepEfficiencyAndRecoverAnAdditiveModel()
    {
        var weights = Enumerable.Range(0, 14).Select(j => (j % 3 - 1) * (1 + j / 4.0)).ToArray();
        double Additive(double[] x) => x.Select((v, j) => weights[j] * v + 0.3 * Math.Tanh(v)).Sum();
        var model = TestModels.FromFunction("additive", 14, Additive);
        var background = TestModels.Rows(4, 14, seed: 6);
        var x = TestModels.Rows(1, 14, seed: 7)[0];
        var shap = KernelShap.Attribute(model, "p", x, background, [new ExplanationTarget(0)], samples: 120, bootstrap: 10, new Random(2))[0];

        Assert.IsFalse(shap.Exact, "2^14 - 2 coalitions exceed the budget of 120.");
        Assert.AreEqual(0.0, shap.CompletenessGap, 1e-9);
        // An additive model's coalition values are exactly linear in the coalition, so any full-rank sample recovers them.
        for (var j = 0; j < 14; j++)
        {
            var expected = background.Average(b => weights[j] * (x[j] - b[j]) + 0.3 * (Math.Tanh(x[j]) - Math.Tanh(b[j])));
            Assert.AreEqual(expected, shap.Values[j], 1e-8, $"feature {j}");
        }
    }

    [TestMethod]
    public void NonlinearSampledResultsSumToPredictionMinusBaselineAndRepeatForASeed()
    {
        static double F(double[] x) => Math.Tanh(x[0] * x[1] - x[2]) + x[3] * x[4] * x[5] + x.Skip(6).Sum(v => v * v);
        var model = TestModels.FromFunction("nonlinear", 12, F);
        var background = TestModels.Rows(8, 12, seed: 8);
        var patients = TestModels.Rows(3, 12, seed: 9);
        var request = new ExplanationRequest(model, patients.Select((p, i) => new PatientToExplain($"p{i}", p, new ExplanationTarget(0))).ToList(),
            background, new ExplainerOptions(Seed: 5, Samples: 200, Bootstrap: 20));
        var first = new KernelShapExplainer().Explain(request);
        var second = new KernelShapExplainer().Explain(request);

        for (var i = 0; i < patients.Length; i++)
        {
            var e = first[i];
            Assert.AreEqual(F(patients[i]) - background.Average(F), e.Attributions.Sum(a => a.Attribution), 1e-9, $"patient {i}");
            Assert.AreEqual(0.0, e.CompletenessGap, 1e-9);
            Assert.IsTrue(e.Attributions.Any(a => a.StandardError > 0), "sampled coalitions have a bootstrap spread");
            CollectionAssert.AreEqual(e.Attributions.Select(a => a.Attribution).ToArray(), second[i].Attributions.Select(a => a.Attribution).ToArray());
        }
    }

    [TestMethod]
    public void ContrastTargetExplainsTheDifferenceOfTwoOutputs()
    {
        var model = new ExplainableModel
        {
            Name = "two outputs",
            Features = [new("a", "mm", "g"), new("b", "%", "g"), new("c", "", "g")],
            Outputs = ["A", "B"],
            Predict = (_, rows) => rows.Select(r => new[] { 2 * r[0] + r[1], r[1] - r[2] }).ToArray(),
        };
        var background = TestModels.Rows(3, 3, seed: 10);
        var x = new[] { 1.0, 2.0, 3.0 };
        var shap = KernelShap.Attribute(model, "p", x, background, [new ExplanationTarget(0, Contrast: 1)], 64, 0, new Random(1))[0];
        // (2a + b) - (b - c) = 2a + c: b cancels.
        Assert.AreEqual(2 * (x[0] - background.Average(r => r[0])), shap.Values[0], 1e-9);
        Assert.AreEqual(0.0, shap.Values[1], 1e-9);
        Assert.AreEqual(x[2] - background.Average(r => r[2]), shap.Values[2], 1e-9);
    }

    [TestMethod]
    public void FeatureMissingInPatientAndBackgroundGetsZero()
    {
        var model = TestModels.FromFunction("nan-aware", 3, x => (double.IsNaN(x[0]) ? 5 : x[0]) + x[1] * x[2]);
        double[][] background = [[double.NaN, 1, 2], [double.NaN, 0, 1]];
        var shap = KernelShap.Attribute(model, "p", [double.NaN, 2, 2], background, [new ExplanationTarget(0)], 64, 0, new Random(1))[0];
        Assert.AreEqual(0.0, shap.Values[0]);
        Assert.AreEqual(0.0, shap.CompletenessGap, 1e-12);
    }
}
