using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// Policy and two critics (reward value, cost value) as tanh MLPs. By default each has its own trunk
/// (CleanRL's separate actor and critic); with <see cref="NetworkShape.SharedTrunk"/> one trunk feeds all
/// three heads. Invalid actions get the logit <see cref="MaskedLogit"/>, so their probability is exactly 0.
/// </summary>
/// <remarks>
/// Initialisation follows CleanRL: orthogonal weights with gain sqrt(2) in hidden layers, 0.01 on the policy
/// head (near-uniform initial policy) and 1 on the value heads, zero biases. The orthogonal matrices are drawn
/// from a seeded <see cref="AgentRandom"/>, so the network depends only on the seed, not on torch's global RNG.
/// </remarks>
public sealed class ActorCritic : nn.Module
{
    /// <summary>Logit given to masked actions: large and negative but finite, so no NaN appears in the entropy.</summary>
    public const float MaskedLogit = -1e8f;

    private readonly Sequential _actorTrunk;
    private readonly Sequential? _criticTrunk;
    private readonly Sequential? _costTrunk;
    private readonly Linear _policyHead;
    private readonly Linear _valueHead;
    private readonly Linear _costValueHead;

    /// <summary>Builds and initialises the network for a shape and seed.</summary>
    public ActorCritic(NetworkShape shape, long seed) : base(nameof(ActorCritic))
    {
        Shape = shape;
        var rng = new AgentRandom(seed);
        _actorTrunk = Trunk(shape, rng);
        if (!shape.SharedTrunk)
        {
            _criticTrunk = Trunk(shape, rng);
            _costTrunk = Trunk(shape, rng);
        }
        _policyHead = Layer(shape.HiddenSize, shape.ActionCount, 0.01, rng);
        _valueHead = Layer(shape.HiddenSize, 1, 1.0, rng);
        _costValueHead = Layer(shape.HiddenSize, 1, 1.0, rng);
        RegisterComponents();
    }

    /// <summary>The architecture.</summary>
    public NetworkShape Shape { get; }

    /// <summary>Masked logits [B, A], reward values [B] and cost values [B] for normalised observations [B, O] and a bool mask [B, A].</summary>
    public (Tensor Logits, Tensor Value, Tensor CostValue) Forward(Tensor observations, Tensor actionMask)
    {
        var actorFeatures = _actorTrunk.forward(observations);
        var logits = _policyHead.forward(actorFeatures).masked_fill(actionMask.logical_not(), MaskedLogit);
        var criticFeatures = _criticTrunk?.forward(observations) ?? actorFeatures;
        var costFeatures = _costTrunk?.forward(observations) ?? actorFeatures;
        return (logits, _valueHead.forward(criticFeatures).squeeze(-1), _costValueHead.forward(costFeatures).squeeze(-1));
    }

    /// <summary>
    /// One no-grad forward for <paramref name="rows"/> normalised observations; writes log-probabilities
    /// [rows, A] (masked actions near <see cref="MaskedLogit"/>), values and cost values. The three outputs leave
    /// libtorch in a single copy.
    /// </summary>
    public void Evaluate(float[] observations, bool[] actionMask, int rows, float[] logProbs, float[] values, float[] costValues)
    {
        var actions = Shape.ActionCount;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var obs = tensor(observations, [rows, Shape.ObservationSize]);
        var mask = tensor(actionMask, [rows, actions]);
        var (logits, value, costValue) = Forward(obs, mask);
        var combined = cat([nn.functional.log_softmax(logits, 1), value.unsqueeze(1), costValue.unsqueeze(1)], 1);
        var flat = combined.data<float>().ToArray();
        for (var r = 0; r < rows; r++)
        {
            Array.Copy(flat, r * (actions + 2), logProbs, r * actions, actions);
            values[r] = flat[r * (actions + 2) + actions];
            costValues[r] = flat[r * (actions + 2) + actions + 1];
        }
    }

    private static Sequential Trunk(NetworkShape shape, AgentRandom rng)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var inputs = shape.ObservationSize;
        for (var i = 0; i < shape.HiddenLayers; i++)
        {
            layers.Add(($"linear{i}", Layer(inputs, shape.HiddenSize, Math.Sqrt(2), rng)));
            layers.Add(($"tanh{i}", nn.Tanh()));
            inputs = shape.HiddenSize;
        }
        return nn.Sequential(layers);
    }

    private static Linear Layer(int inputs, int outputs, double gain, AgentRandom rng)
    {
        var layer = nn.Linear(inputs, outputs);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        layer.weight!.copy_(Orthogonal(outputs, inputs, gain, rng));
        layer.bias!.zero_();
        return layer;
    }

    // Same construction as torch.nn.init.orthogonal_: QR of a Gaussian matrix, signs fixed by diag(R).
    private static Tensor Orthogonal(int rows, int cols, double gain, AgentRandom rng)
    {
        var (tall, wide) = rows >= cols ? (rows, cols) : (cols, rows);
        var values = new double[tall * wide];
        for (var i = 0; i < values.Length; i++)
            values[i] = rng.NextGaussian();
        var gaussian = tensor(values, [tall, wide], ScalarType.Float64);
        var (q, r) = linalg.qr(gaussian);
        q = q * r.diagonal().sign().unsqueeze(0);
        if (rows < cols)
            q = q.t();
        return (q * gain).to_type(ScalarType.Float32);
    }
}
