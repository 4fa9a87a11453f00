using System.Text.Json;
using DtSmdrl.Pipeline.Provenance;

namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// A trained policy for decision time and evaluation: network plus observation normaliser, no optimiser.
/// Saved as a model bundle with <c>policy.bin</c> (TorchSharp weights) and <c>policy.json</c> (shape and normaliser).
/// </summary>
public sealed class PpoPolicy : IDisposable
{
    /// <summary>Bundle entry with the TorchSharp weights.</summary>
    public const string WeightsEntry = "policy.bin";
    /// <summary>Bundle entry with the shape and the normaliser.</summary>
    public const string DescriptionEntry = "policy.json";

    private readonly bool _ownsNetwork;

    internal PpoPolicy(ActorCritic network, ObservationNormalizer normalizer, bool ownsNetwork)
    {
        Network = network;
        Normalizer = normalizer;
        _ownsNetwork = ownsNetwork;
    }

    /// <summary>The network (read by explainers that need its gradients; do not train it through this handle).</summary>
    public ActorCritic Network { get; }

    /// <summary>Observation scaling learned in training.</summary>
    public ObservationNormalizer Normalizer { get; }

    /// <summary>The network architecture.</summary>
    public NetworkShape Shape => Network.Shape;

    /// <summary>Log-probabilities [rows, A] of the policy for raw observations [rows, O] under the masks [rows, A].</summary>
    public void LogProbabilities(ReadOnlySpan<float> observations, ReadOnlySpan<bool> actionMask, Span<float> logProbs)
    {
        var rows = CheckRows(observations, actionMask);
        var normalized = new float[observations.Length];
        Normalizer.Normalize(observations, normalized);
        var output = new float[rows * Shape.ActionCount];
        Network.Evaluate(normalized, actionMask.ToArray(), rows, output, new float[rows], new float[rows]);
        output.CopyTo(logProbs);
    }

    /// <summary>The most probable allowed action per row.</summary>
    public void Greedy(ReadOnlySpan<float> observations, ReadOnlySpan<bool> actionMask, Span<int> actions)
    {
        var rows = CheckRows(observations, actionMask);
        var logProbs = new float[rows * Shape.ActionCount];
        LogProbabilities(observations, actionMask, logProbs);
        for (var r = 0; r < rows; r++)
            actions[r] = MaskedCategorical.Greedy(logProbs.AsSpan(r * Shape.ActionCount, Shape.ActionCount), actionMask.Slice(r * Shape.ActionCount, Shape.ActionCount));
    }

    /// <summary>
    /// One decision at decision time: the shield (if any) removes unsafe actions from a copy of the
    /// environment's mask, then the most probable remaining action is chosen. When the shield masked everything,
    /// the action is hold (0) and <see cref="ShieldResult.AllMasked"/> says so.
    /// </summary>
    public ShieldedDecision Decide(ReadOnlySpan<float> observation, ReadOnlySpan<bool> actionMask, ISafetyShield? shield, ReadOnlySpan<double> severeToxicityProbability)
    {
        CheckRows(observation, actionMask);
        if (observation.Length != Shape.ObservationSize)
            throw new ArgumentException($"Decide takes one observation of {Shape.ObservationSize} features, got {observation.Length} values.", nameof(observation));
        var mask = actionMask.ToArray();
        var result = shield?.Mask(new ShieldContext(observation, severeToxicityProbability), mask) ?? ShieldResult.Finish(mask, 0);
        var logProbs = new float[Shape.ActionCount];
        LogProbabilities(observation, mask, logProbs);
        var action = result.AllMasked ? ShieldResult.HoldAction : MaskedCategorical.Greedy(logProbs, mask);
        return new ShieldedDecision(action, result, mask);
    }

    /// <summary>Writes the policy as a model bundle.</summary>
    public void Save(string path, string trainingDataHash, long seed)
    {
        var description = new PolicyDescription(Shape, Normalizer.ToState());
        ModelBundle.Save(path, new BundleManifest { Kind = "ppo-policy", TrainingDataHash = trainingDataHash, Seed = seed }, new Dictionary<string, Action<Stream>>
        {
            [WeightsEntry] = stream => Network.save(stream),
            [DescriptionEntry] = stream => JsonSerializer.Serialize(stream, description, AgentJson.Options),
        });
    }

    /// <summary>Loads a policy bundle written by <see cref="Save"/>.</summary>
    public static PpoPolicy Load(string path)
    {
        using var bundle = ModelBundle.Open(path);
        var description = JsonSerializer.Deserialize<PolicyDescription>(bundle.ReadEntry(DescriptionEntry), AgentJson.Options)
            ?? throw new InvalidDataException($"{path}: entry {DescriptionEntry} is empty.");
        var network = new ActorCritic(description.Shape, seed: 0);
        network.load(bundle.ReadEntry(WeightsEntry));
        network.eval();
        return new PpoPolicy(network, ObservationNormalizer.FromState(description.Normalizer), ownsNetwork: true);
    }

    /// <summary>Disposes the network when this policy owns it.</summary>
    public void Dispose()
    {
        if (_ownsNetwork)
            Network.Dispose();
    }

    private int CheckRows(ReadOnlySpan<float> observations, ReadOnlySpan<bool> actionMask)
    {
        var rows = observations.Length / Shape.ObservationSize;
        if (observations.Length != rows * Shape.ObservationSize || actionMask.Length != rows * Shape.ActionCount)
            throw new ArgumentException($"Expected rows x {Shape.ObservationSize} observations and rows x {Shape.ActionCount} mask values, got {observations.Length} and {actionMask.Length}.");
        return rows;
    }

    private sealed record PolicyDescription(NetworkShape Shape, ObservationNormalizerState Normalizer);
}
