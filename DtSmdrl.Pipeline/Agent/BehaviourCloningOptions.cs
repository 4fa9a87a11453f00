namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// Settings of <see cref="BehaviourCloning"/>: supervised training of the policy head on an expert's decisions
/// (cross-entropy of the masked policy against the expert's action), Adam, shuffled minibatches.
/// </summary>
public sealed record BehaviourCloningOptions
{
    /// <summary>Passes over the demonstrations.</summary>
    public int Epochs { get; init; } = 40;

    /// <summary>Decisions per gradient step.</summary>
    public int MinibatchSize { get; init; } = 64;

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Gradient norm clip (PPO's default).</summary>
    public double MaxGradNorm { get; init; } = 0.5;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        static void Require(bool ok, string field, object value, string rule)
        {
            if (!ok) throw new ArgumentException($"BehaviourCloningOptions.{field} = {value} is invalid: {rule}.");
        }
        Require(Epochs >= 1, nameof(Epochs), Epochs, "must be >= 1");
        Require(MinibatchSize >= 1, nameof(MinibatchSize), MinibatchSize, "must be >= 1");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "must be a positive number");
        Require(MaxGradNorm > 0 && double.IsFinite(MaxGradNorm), nameof(MaxGradNorm), MaxGradNorm, "must be a positive number");
    }
}
