using TorchSharp;
using System.Diagnostics;
using DtSmdrl.Pipeline.Torch;
using static TorchSharp.torch;

namespace DtSmdrl.Pipeline.Fusion;

/// <summary>
/// Trains a <see cref="FusionTransformerModel"/> on plain arrays: AdamW, seeded shuffled minibatches, multi-task loss
/// (<see cref="FusionLoss"/>), early stopping on the validation loss with the best epoch's weights restored.
/// </summary>
/// <remarks>
/// Reproducible on CPU for a seed: torch's global generator is seeded (and its thread count set) from the options
/// before the weights are drawn, and the minibatch order comes from a <see cref="Random"/> with the same seed.
/// </remarks>
public static class FusionTrainer
{
    /// <summary>
    /// Trains on <paramref name="train"/>; <paramref name="validation"/> (may be empty) drives early stopping.
    /// Head sizes are taken from the first training example's target arrays.
    /// </summary>
    public static FusionTrainingResult Train(
        IReadOnlyList<FusionModalitySpec> specs,
        FusionOptions options,
        IReadOnlyList<FusionExample> train,
        IReadOnlyList<FusionExample> validation,
        IProgress<FusionEpochLog>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        options.Validate();
        if (train.Count == 0)
            throw new ArgumentException("Training set is empty.", nameof(train));
        var first = train[0] ?? throw new ArgumentException("training example 0 is null.", nameof(train));
        var architecture = new FusionArchitecture(specs.ToArray(), first.LatentTargets?.Length ?? 0, first.ResponseTargets?.Length ?? 0);
        architecture.Validate();
        FusionBatch.Validate(architecture, train, "training");
        FusionBatch.Validate(architecture, validation, "validation");

        TorchSetup.Configure(options.Seed, options.Threads);
        var device = TorchDeviceSelector.Resolve(options.Device);
        var model = new FusionTransformerModel(architecture, options);
        try
        {
            model.to(device);
            return Fit(model, device, train, validation, progress);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static FusionTrainingResult Fit(FusionTransformerModel model, Device device, IReadOnlyList<FusionExample> train,
        IReadOnlyList<FusionExample> validation, IProgress<FusionEpochLog>? progress)
    {
        var options = model.Options;
        using var session = new FusionTrainingSession(model, device);
        var shuffle = new Random(unchecked((int)options.Seed ^ (int)(options.Seed >> 32)));
        var order = Enumerable.Range(0, train.Count).ToArray();
        var log = new List<FusionEpochLog>();
        var bestLoss = double.PositiveInfinity;
        var bestEpoch = 0;
        byte[]? bestWeights = null;
        var stoppedEarly = false;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            shuffle.Shuffle(order);
            var lossSum = 0.0;
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                var slice = order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start));
                lossSum += session.Step(train, slice) * slice.Length;
            }
            var validationLoss = validation.Count > 0 ? session.Evaluate(validation, options.BatchSize) : double.NaN;
            var entry = new FusionEpochLog(epoch, lossSum / order.Length, validationLoss, clock.Elapsed.TotalSeconds);
            log.Add(entry);
            progress?.Report(entry);

            if (validation.Count == 0)
            {
                bestEpoch = epoch;
                continue;
            }
            if (validationLoss < bestLoss)
            {
                bestLoss = validationLoss;
                bestEpoch = epoch;
                bestWeights = Snapshot(model);
            }
            else if (options.EarlyStoppingPatience > 0 && epoch - bestEpoch >= options.EarlyStoppingPatience)
            {
                stoppedEarly = epoch < options.Epochs;
                break;
            }
        }
        if (bestWeights is not null && bestEpoch != log.Count)
        {
            using var stream = new MemoryStream(bestWeights);
            model.load(stream);
        }
        model.eval();
        return new FusionTrainingResult(model, log, bestEpoch, stoppedEarly);
    }

    private static byte[] Snapshot(FusionTransformerModel model)
    {
        using var stream = new MemoryStream();
        model.save(stream);
        return stream.ToArray();
    }
}
