using TorchSharp;
using static TorchSharp.torch;

namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// Behaviour cloning: trains the policy head (and the actor trunk) of an initialisation to take an expert's actions,
/// by minimising the cross-entropy of the masked policy against the expert's choice. The critics are left as they were
/// (PPO fitting them first is the fine-tuning's job). Rows are normalised with the initialisation's frozen normaliser,
/// so the result means the same thing to the PPO that continues from it. Deterministic for a seed.
/// </summary>
public static class BehaviourCloning
{
    /// <summary>The initialisation trained on the demonstrations, and the mean loss of every epoch.</summary>
    public static (MetaInitialization Initialization, double[] EpochLosses) Train(
        MetaInitialization start, Demonstrations demonstrations, BehaviourCloningOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(demonstrations);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var shape = start.Weights.Shape;
        if (demonstrations.RowSize != shape.ObservationSize || demonstrations.ActionCount != shape.ActionCount)
            throw new ArgumentException($"Demonstrations have rows of {demonstrations.RowSize} values and {demonstrations.ActionCount} actions; the network expects {shape.ObservationSize} and {shape.ActionCount}.", nameof(demonstrations));
        var n = demonstrations.Count;
        if (n == 0) throw new ArgumentException("Behaviour cloning needs at least one demonstrated decision.", nameof(demonstrations));

        var size = shape.ObservationSize;
        var normalized = new float[n * size];
        var raw = demonstrations.Rows.ToArray();
        for (var r = 0; r < n; r++) start.Normalizer.Normalize(raw.AsSpan(r * size, size), normalized.AsSpan(r * size, size));
        var masks = demonstrations.Masks.ToArray();
        var actions = demonstrations.Actions.Select(a => (long)a).ToArray();

        using var network = new ActorCritic(shape, seed: 0);
        start.Weights.ApplyTo(network);
        var parameters = network.parameters().ToList();
        using var optimizer = optim.Adam(parameters, options.LearningRate);
        using var obsAll = tensor(normalized, [n, size]);
        using var maskAll = tensor(masks, [n, shape.ActionCount]);
        using var actionAll = tensor(actions, [n]);
        var rng = new AgentRandom(seed);
        var order = Enumerable.Range(0, n).ToArray();
        var losses = new double[options.Epochs];
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            rng.Shuffle(order);
            double sum = 0;
            var batches = 0;
            for (var startRow = 0; startRow < n; startRow += options.MinibatchSize)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(options.MinibatchSize, n - startRow);
                var index = tensor(order.AsSpan(startRow, count).ToArray().Select(i => (long)i).ToArray(), [count]);
                var (logits, _, _) = network.Forward(obsAll.index_select(0, index), maskAll.index_select(0, index));
                var loss = nn.functional.cross_entropy(logits, actionAll.index_select(0, index));
                optimizer.zero_grad();
                loss.backward();
                nn.utils.clip_grad_norm_(parameters, options.MaxGradNorm);
                optimizer.step();
                sum += loss.item<float>();
                batches++;
            }
            losses[epoch] = sum / batches;
        }
        return (start with { Weights = PolicyWeights.Capture(network) }, losses);
    }

    /// <summary>Share of the demonstrated decisions on which the initialisation's greedy action equals the expert's.</summary>
    public static double Agreement(MetaInitialization initialization, Demonstrations demonstrations)
    {
        ArgumentNullException.ThrowIfNull(initialization);
        ArgumentNullException.ThrowIfNull(demonstrations);
        if (demonstrations.Count == 0) return double.NaN;
        using var policy = initialization.ToPolicy();
        var rows = demonstrations.Rows.ToArray();
        var masks = demonstrations.Masks.ToArray();
        var greedy = new int[demonstrations.Count];
        policy.Greedy(rows, masks, greedy);
        return greedy.Where((a, i) => a == demonstrations.Actions[i]).Count() / (double)demonstrations.Count;
    }
}
