using DtSmdrl.Plugins.BuiltIn.Explainers;
using DtSmdrl.Plugins.BuiltIn.Explainers.Models;
using DtSmdrl.Plugins.Contracts.Explainers;
using TorchSharp;
using static TorchSharp.torch;

namespace DtSmdrl.Plugins.Tests.Explainers;

[TestClass]
public sealed class IntegratedGradientsTests
{
    private static ExplainableModel TorchModel(string name, int features, int outputs, Func<Tensor, Tensor> forward) => new()
    {
        Name = name,
        Features = Enumerable.Range(0, features).Select(j => new ModelFeature($"x{j}", "", "g")).ToList(),
        Outputs = Enumerable.Range(0, outputs).Select(o => $"y{o}").ToList(),
        Predict = TorchFunctions.Predictor(forward),
        Gradient = TorchFunctions.Gradient(forward),
    };

    [TestMethod]
    public void SmallMlpSatisfiesCompletenessWithinTolerance()
    {
        torch.manual_seed(11);
        using var mlp = nn.Sequential(("in", nn.Linear(6, 16)), ("tanh", nn.Tanh()), ("out", nn.Linear(16, 3)));
        mlp.eval();
        var model = TorchModel("mlp", 6, 3, x => mlp.forward(x));
        var background = TestModels.Rows(10, 6, seed: 1);
        var baseline = IntegratedGradientsExplainer.Baseline(background, 6);
        foreach (var (x, target) in new[] { (TestModels.Rows(1, 6, 2)[0], new ExplanationTarget(0)), (TestModels.Rows(1, 6, 3)[0], new ExplanationTarget(2, Contrast: 1)) })
        {
            var ig = IntegratedGradientsExplainer.Attribute(model, "p", x, baseline, target, steps: 64);
            var delta = ig.Prediction - ig.Reference;
            Assert.IsGreaterThan(1e-2, Math.Abs(delta), "the test needs a prediction that moves");
            Assert.IsLessThan(1e-3 * Math.Max(1, Math.Abs(delta)), Math.Abs(ig.CompletenessGap), $"gap {ig.CompletenessGap} for delta {delta}");
            Assert.IsLessThan(1e-3, ig.DiscretisationErrors.Max());
        }
    }

    [TestMethod]
    public void LinearModelGetsWeightTimesDistanceFromBaseline()
    {
        float[] w = [2f, -1f, 0.5f];
        using var weight = tensor(w, [3, 1]);
        var model = TorchModel("linear", 3, 1, x => x.matmul(weight));
        double[] x = [1, 2, double.NaN];
        double[] baseline = [0.5, 0, 1];
        var ig = IntegratedGradientsExplainer.Attribute(model, "p", x, baseline, new ExplanationTarget(0), steps: 4);
        Assert.AreEqual(2 * 0.5, ig.Values[0], 1e-6);
        Assert.AreEqual(-1 * 2, ig.Values[1], 1e-6);
        Assert.AreEqual(0.0, ig.Values[2], "a missing value stays missing along the path");
    }

    [TestMethod]
    public void ExplainerRequiresAGradient()
    {
        var model = TestModels.FromFunction("no gradient", 2, x => x[0]);
        Assert.IsFalse(new IntegratedGradientsExplainer().Supports(model, out var reason));
        StringAssert.Contains(reason, "no gradient");
    }
}
