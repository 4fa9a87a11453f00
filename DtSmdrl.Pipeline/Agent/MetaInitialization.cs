namespace DtSmdrl.Pipeline.Agent;

/// <summary>A policy initialisation for fast adaptation: network weights and the frozen observation normaliser they expect.</summary>
public sealed record MetaInitialization(PolicyWeights Weights, ObservationNormalizer Normalizer)
{
    /// <summary>A fresh, untrained initialisation (CleanRL's init) with a given normaliser, the baseline for adaptation speed.</summary>
    public static MetaInitialization Random(NetworkShape shape, long seed, ObservationNormalizer normalizer)
    {
        using var network = new ActorCritic(shape, seed);
        return new MetaInitialization(PolicyWeights.Capture(network), normalizer);
    }

    /// <summary>Reads an initialisation back from a policy (e.g. one loaded with <see cref="PpoPolicy.Load"/>).</summary>
    public static MetaInitialization FromPolicy(PpoPolicy policy)
    {
        var normalizer = policy.Normalizer.Clone();
        normalizer.Frozen = true;
        return new MetaInitialization(PolicyWeights.Capture(policy.Network), normalizer);
    }

    /// <summary>A standalone policy with these weights (dispose it); save it with <see cref="PpoPolicy.Save"/>.</summary>
    public PpoPolicy ToPolicy()
    {
        var network = new ActorCritic(Weights.Shape, seed: 0);
        Weights.ApplyTo(network);
        var normalizer = Normalizer.Clone();
        normalizer.Frozen = true;
        return new PpoPolicy(network, normalizer, ownsNetwork: true);
    }

    /// <summary>Writes the weights in TorchSharp's format (the shape and normaliser are saved by the caller, e.g. as JSON).</summary>
    public void WriteWeights(Stream stream)
    {
        using var policy = ToPolicy();
        policy.Network.save(stream);
    }

    /// <summary>Reads weights written by <see cref="WriteWeights"/> for the given shape and normaliser.</summary>
    public static MetaInitialization ReadWeights(Stream stream, NetworkShape shape, ObservationNormalizerState normalizer)
    {
        using var network = new ActorCritic(shape, seed: 0);
        network.load(stream);
        var frozen = ObservationNormalizer.FromState(normalizer);
        frozen.Frozen = true;
        return new MetaInitialization(PolicyWeights.Capture(network), frozen);
    }
}
