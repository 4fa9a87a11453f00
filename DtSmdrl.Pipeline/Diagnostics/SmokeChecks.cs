using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DtSmdrl.Pipeline.Diagnostics;

/// <summary>Result of one smoke check: what ran, whether it passed, a measured figure, and time taken.</summary>
public sealed record SmokeResult(string Name, bool Passed, string Detail, TimeSpan Elapsed);

/// <summary>Tiny end-to-end checks that the native stacks load and compute: used by `dtsmdrl doctor` and CI.</summary>
public static class SmokeChecks
{
    /// <summary>Fits y = 2x - 1 with a one-layer network: forward, backward and Adam steps must cut the loss.</summary>
    public static SmokeResult TorchForwardBackward(long seed = 7, int steps = 200)
    {
        var watch = Stopwatch.StartNew();
        torch.manual_seed(seed);
        using var layer = nn.Linear(1, 1);
        using var optimizer = optim.Adam(layer.parameters(), lr: 0.05);
        float firstLoss = float.NaN, lastLoss = float.NaN;
        for (var step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.linspace(-1, 1, 64).reshape(64, 1);
            var y = 2 * x - 1;
            var loss = nn.functional.mse_loss(layer.forward(x), y);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            var value = loss.item<float>();
            if (step == 0) firstLoss = value;
            lastLoss = value;
        }
        var passed = lastLoss < firstLoss * 0.01f;
        return new SmokeResult("torch forward/backward/adam", passed,
            $"loss {firstLoss:G4} -> {lastLoss:G4} in {steps} steps", watch.Elapsed);
    }

    private sealed class Row
    {
        public float X1 { get; set; }
        public float X2 { get; set; }
        public bool Label { get; set; }
    }

    /// <summary>Fits an L-BFGS logistic regression on a separable toy set and checks training accuracy.</summary>
    public static SmokeResult MlNetFit(int seed = 7)
    {
        var watch = Stopwatch.StartNew();
        var ml = new MLContext(seed);
        var random = new Random(seed);
        var rows = Enumerable.Range(0, 400).Select(_ =>
        {
            var x1 = (float)(random.NextDouble() * 2 - 1);
            var x2 = (float)(random.NextDouble() * 2 - 1);
            return new Row { X1 = x1, X2 = x2, Label = x1 + 0.5f * x2 > 0 };
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Row.X1), nameof(Row.X2))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        var model = pipeline.Fit(data);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(data));
        return new SmokeResult("ml.net l-bfgs logistic regression", metrics.Accuracy > 0.95,
            $"training accuracy {metrics.Accuracy:F3}", watch.Elapsed);
    }
}
