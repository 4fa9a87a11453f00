using DtSmdrl.Plugins.Contracts.Explainers;
using TorchSharp;
using static TorchSharp.torch;

namespace DtSmdrl.Plugins.BuiltIn.Explainers.Models;

/// <summary>
/// Builds the contract's prediction and gradient delegates from a TorchSharp function of the feature rows
/// ([B, F] float32 in, [B, O] out). The function must be deterministic (modules in eval mode); the gradient comes from
/// autograd, one backward pass per batch, and is 0 for missing (NaN) inputs.
/// </summary>
public static class TorchFunctions
{
    /// <summary>Rows per forward pass.</summary>
    public const int BatchSize = 256;

    /// <summary>Predictions of <paramref name="forward"/> for the rows (context ignored).</summary>
    public static BatchPredictor Predictor(Func<Tensor, Tensor> forward) => (_, rows) =>
    {
        var result = new double[rows.Count][];
        for (var start = 0; start < rows.Count; start += BatchSize)
        {
            var count = Math.Min(BatchSize, rows.Count - start);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var output = forward(Input(rows, start, count)).to_type(ScalarType.Float64).cpu();
            Copy(output, result, start, count);
        }
        return result;
    };

    /// <summary>Gradient of the target score of <paramref name="forward"/> with respect to the rows (context ignored).</summary>
    public static BatchGradient Gradient(Func<Tensor, Tensor> forward) => (_, rows, target) =>
    {
        var result = new double[rows.Count][];
        for (var start = 0; start < rows.Count; start += BatchSize)
        {
            var count = Math.Min(BatchSize, rows.Count - start);
            using var scope = NewDisposeScope();
            using var withGrad = enable_grad();
            var input = Input(rows, start, count).requires_grad_(true);
            var output = forward(input);
            var score = output[TensorIndex.Colon, target.Output];
            if (target.Contrast is int c) score = score - output[TensorIndex.Colon, c];
            score.sum().backward();
            var grad = input.grad ?? throw new InvalidOperationException("The model's output does not depend on its input (no gradient).");
            grad = grad.masked_fill(input.detach().isnan(), 0.0).to_type(ScalarType.Float64).cpu();
            Copy(grad, result, start, count);
        }
        return result;
    };

    private static Tensor Input(IReadOnlyList<double[]> rows, int start, int count)
    {
        var width = rows[start].Length;
        var values = new float[count * width];
        for (var r = 0; r < count; r++)
            for (var j = 0; j < width; j++)
                values[r * width + j] = (float)rows[start + r][j];
        return tensor(values, [count, width]);
    }

    private static void Copy(Tensor matrix, double[][] result, int start, int count)
    {
        var width = (int)matrix.shape[1];
        var flat = matrix.data<double>().ToArray();
        for (var r = 0; r < count; r++)
            result[start + r] = flat.AsSpan(r * width, width).ToArray();
    }
}
