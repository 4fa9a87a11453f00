using static TorchSharp.torch;

namespace DtSmdrl.Pipeline.Fusion;

/// <summary>
/// Inference with MC dropout: one deterministic pass (embedding, attention; the head values when no MC passes are asked)
/// and N stochastic passes with dropout on (never modality dropout) whose mean and standard deviation are reported.
/// </summary>
public static class FusionPredictor
{
    /// <summary>Default patients per inference batch.</summary>
    public const int DefaultBatchSize = 64;

    /// <summary>
    /// Predicts every example. <paramref name="mcPasses"/> = 0 gives the deterministic heads with zero spread.
    /// <paramref name="mcSeed"/>, when given, seeds torch's global generator first, so the MC spread is reproducible.
    /// Target arrays of the examples are not read (they may be empty).
    /// </summary>
    public static FusionPrediction[] Predict(FusionTransformerModel model, IReadOnlyList<FusionExample> examples, int mcPasses,
        long? mcSeed = null, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        if (mcPasses < 0)
            throw new ArgumentOutOfRangeException(nameof(mcPasses), mcPasses, "MC passes must be >= 0.");
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Batch size must be >= 1.");
        var architecture = model.Architecture;
        var inputs = examples.Select(WithEmptyTargetsFilled(architecture)).ToArray();
        FusionBatch.Validate(architecture, inputs, "prediction");
        if (mcSeed is long seed)
            manual_seed(seed);
        var device = model.parameters().First().device;
        var results = new FusionPrediction[inputs.Length];
        var indices = Enumerable.Range(0, inputs.Length).ToArray();
        var wasTraining = model.training;
        try
        {
            for (var start = 0; start < indices.Length; start += batchSize)
            {
                var slice = indices.AsSpan(start, Math.Min(batchSize, indices.Length - start));
                PredictBatch(model, inputs, slice, mcPasses, device, results, start);
            }
        }
        finally
        {
            model.train(wasTraining);
        }
        return results;
    }

    private static void PredictBatch(FusionTransformerModel model, FusionExample[] inputs, ReadOnlySpan<int> slice, int mcPasses, Device device,
        FusionPrediction[] results, int offset)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var batch = FusionBatch.Create(model.Architecture, inputs, slice, device);
        model.eval();
        var deterministic = model.Forward(batch.Modalities, batch.Present, applyModalityDropout: false);
        var attention = ModalityAttention(model, deterministic);

        Tensor Heads(FusionOutput o) => cat([o.LatentMean, o.LatentLogSpread.exp(), o.ResponseLogits.sigmoid(), o.ToxicityLogits.sigmoid()], 1);
        Tensor mean, std;
        if (mcPasses == 0)
        {
            mean = Heads(deterministic);
            std = zeros_like(mean);
        }
        else
        {
            model.train();
            var passes = new Tensor[mcPasses];
            for (var p = 0; p < mcPasses; p++)
            {
                // One scope per pass: only the heads survive it, so a pass's activations and attention maps are freed
                // before the next (without it, 20 passes over 500 patients held ~2 GB at once).
                using var pass = NewDisposeScope();
                passes[p] = pass.MoveToOuter(Heads(model.Forward(batch.Modalities, batch.Present, applyModalityDropout: false)));
            }
            model.eval();
            var stacked = stack(passes, 0);
            mean = stacked.mean([0]);
            std = stacked.std(0, unbiased: false);
        }

        var d = model.Options.ModelDimension;
        var l = model.Architecture.LatentCount;
        var r = model.Architecture.RegimenCount;
        var m = model.Architecture.Modalities.Count;
        var width = 2 * l + 2 * r;
        var cls = deterministic.Cls.cpu().data<float>().ToArray();
        var means = mean.cpu().data<float>().ToArray();
        var stds = std.cpu().data<float>().ToArray();
        var mass = attention.cpu().data<float>().ToArray();
        for (var i = 0; i < slice.Length; i++)
        {
            float[] Take(float[] source, int rowWidth, int from, int count) => source.AsSpan(i * rowWidth + from, count).ToArray();
            results[offset + i] = new FusionPrediction(
                Take(cls, d, 0, d),
                Take(means, width, 0, l), Take(stds, width, 0, l),
                Take(means, width, l, l), Take(stds, width, l, l),
                Take(means, width, 2 * l, r), Take(stds, width, 2 * l, r),
                Take(means, width, 2 * l + r, r), Take(stds, width, 2 * l + r, r),
                Take(mass, m, 0, m));
        }
    }

    /// <summary>[B, M]: last-layer [CLS] attention summed over each modality's tokens, mean over heads, normalised over modalities.</summary>
    internal static Tensor ModalityAttention(FusionTransformerModel model, FusionOutput output)
    {
        var fromCls = output.Attention[TensorIndex.Colon, TensorIndex.Colon, 0].mean([1]);
        var offsets = model.ModalityTokenOffsets();
        var perModality = new Tensor[offsets.Length];
        for (var m = 0; m < offsets.Length; m++)
            perModality[m] = fromCls[TensorIndex.Colon, TensorIndex.Slice(offsets[m], offsets[m] + model.Architecture.Modalities[m].FeatureCount)].sum(1);
        var mass = stack(perModality, 1);
        return mass / mass.sum(1, keepdim: true).clamp_min(1e-12);
    }

    // Prediction needs no targets; empty or missing target arrays become all-NaN so the batch builder's shapes hold.
    private static Func<FusionExample, FusionExample> WithEmptyTargetsFilled(FusionArchitecture architecture) => e =>
    {
        if (e is null)
            return e!;
        static float[] Fill(float[]? t, int n) => t is { Length: > 0 } ? t : Enumerable.Repeat(float.NaN, n).ToArray();
        return e with
        {
            LatentTargets = Fill(e.LatentTargets, architecture.LatentCount),
            ResponseTargets = Fill(e.ResponseTargets, architecture.RegimenCount),
            ToxicityTargets = Fill(e.ToxicityTargets, architecture.RegimenCount),
        };
    };
}
