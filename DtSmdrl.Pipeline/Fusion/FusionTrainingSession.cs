using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DtSmdrl.Pipeline.Fusion;

/// <summary>A model with its AdamW optimizer: one minibatch step, or a deterministic loss evaluation, each in its own dispose scope.</summary>
internal sealed class FusionTrainingSession : IDisposable
{
    private readonly OptimizerHelper _optimizer;
    private readonly Device _device;

    public FusionTrainingSession(FusionTransformerModel model, Device device)
    {
        Model = model;
        _device = device;
        _optimizer = optim.AdamW(model.parameters(), model.Options.LearningRate, weight_decay: model.Options.WeightDecay);
    }

    public FusionTransformerModel Model { get; }

    /// <summary>One optimizer step on examples[indices] with dropout and modality dropout; returns the loss.</summary>
    public double Step(IReadOnlyList<FusionExample> examples, ReadOnlySpan<int> indices)
    {
        using var scope = NewDisposeScope();
        Model.train();
        var batch = FusionBatch.Create(Model.Architecture, examples, indices, _device);
        var output = Model.Forward(batch.Modalities, batch.Present, applyModalityDropout: true);
        var loss = FusionLoss.Compute(output, batch, Model.Options);
        _optimizer.zero_grad();
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Mean loss over all examples without dropout, weighted by batch size.</summary>
    public double Evaluate(IReadOnlyList<FusionExample> examples, int batchSize)
    {
        Model.eval();
        var indices = Enumerable.Range(0, examples.Count).ToArray();
        var total = 0.0;
        for (var start = 0; start < indices.Length; start += batchSize)
        {
            var slice = indices.AsSpan(start, Math.Min(batchSize, indices.Length - start));
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var batch = FusionBatch.Create(Model.Architecture, examples, slice, _device);
            var output = Model.Forward(batch.Modalities, batch.Present, applyModalityDropout: false);
            total += FusionLoss.Compute(output, batch, Model.Options).item<float>() * slice.Length;
        }
        return examples.Count == 0 ? double.NaN : total / examples.Count;
    }

    public void Dispose() => _optimizer.Dispose();
}
