using System.Text.Json.Serialization;

namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// PPO-Lagrangian hyperparameters. Defaults are CleanRL's ppo.py defaults, scaled down where our problems
/// are small (short episodes of about 8 treatment cycles, observations of tens of features); each field says
/// where its default comes from.
/// </summary>
public sealed record PpoOptions
{
    /// <summary>Seed of the network initialisation, action sampling, minibatch shuffling and environment resets.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Environment steps (summed over environments) of a training run; fixes the update count and the LR schedule. CleanRL: 500k; ours 200k.</summary>
    public long TotalSteps { get; init; } = 200_000;

    /// <summary>Steps per environment per rollout. CleanRL: 128; ours 32 = four 8-cycle episodes.</summary>
    public int NumSteps { get; init; } = 32;

    /// <summary>Adam learning rate at the start (CleanRL: 2.5e-4).</summary>
    public double LearningRate { get; init; } = 2.5e-4;

    /// <summary>Anneal the learning rate linearly to 0 over the run (CleanRL: true).</summary>
    public bool AnnealLearningRate { get; init; } = true;

    /// <summary>Adam epsilon (CleanRL: 1e-5, not PyTorch's 1e-8).</summary>
    public double AdamEpsilon { get; init; } = 1e-5;

    /// <summary>Discount factor for reward and cost (CleanRL: 0.99).</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>GAE lambda (CleanRL: 0.95).</summary>
    public double GaeLambda { get; init; } = 0.95;

    /// <summary>Minibatches per epoch (CleanRL: 4).</summary>
    public int NumMinibatches { get; init; } = 4;

    /// <summary>Passes over the rollout per update (CleanRL: 4).</summary>
    public int UpdateEpochs { get; init; } = 4;

    /// <summary>Normalise advantages per minibatch (CleanRL: true).</summary>
    public bool NormalizeAdvantages { get; init; } = true;

    /// <summary>Surrogate clipping coefficient (CleanRL: 0.2).</summary>
    public double ClipCoef { get; init; } = 0.2;

    /// <summary>Clip the value losses around the rollout's values with <see cref="ClipCoef"/> (CleanRL: true).</summary>
    public bool ClipValueLoss { get; init; } = true;

    /// <summary>Entropy bonus coefficient (CleanRL: 0.01).</summary>
    public double EntropyCoef { get; init; } = 0.01;

    /// <summary>Value loss coefficient, applied to the reward and the cost critic (CleanRL: 0.5).</summary>
    public double ValueCoef { get; init; } = 0.5;

    /// <summary>Global gradient norm clip (CleanRL: 0.5).</summary>
    public double MaxGradNorm { get; init; } = 0.5;

    /// <summary>Stop an update's epochs early when approx KL exceeds this; null disables it (CleanRL: None).</summary>
    public double? TargetKl { get; init; }

    /// <summary>Width of each hidden layer (CleanRL: 64).</summary>
    public int HiddenSize { get; init; } = 64;

    /// <summary>Hidden layers per trunk, tanh activations (CleanRL: 2).</summary>
    public int HiddenLayers { get; init; } = 2;

    /// <summary>One trunk for policy, value and cost value heads instead of three separate ones (CleanRL: separate).</summary>
    public bool SharedTrunk { get; init; }

    /// <summary>Normalise observations with running mean/variance (CleanRL's continuous-control wrappers: true).</summary>
    public bool NormalizeObservations { get; init; } = true;

    /// <summary>Apply the Lagrangian cost constraint; when false the cost critic is still trained for diagnostics.</summary>
    public bool UseCostConstraint { get; init; } = true;

    /// <summary>
    /// Constraint threshold d on the episode toxicity cost measure. The twin's cost is 1 per new severe event
    /// (grade 4 neutropenia, a grade >= 3 irAE or targeted-therapy event; <c>NsclcRewardOptions</c>), so with the
    /// mean measure 0.1 = at most 0.1 severe events per course, about a 10% severe-toxicity rate when events are rare.
    /// </summary>
    public double CostLimit { get; init; } = 0.1;

    /// <summary>Statistic of the episode cost that is constrained.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<CostMeasure>))]
    public CostMeasure CostMeasure { get; init; } = CostMeasure.Mean;

    /// <summary>CVaR level when <see cref="CostMeasure"/> is Cvar: mean of the worst 1 - alpha share (metrics.md uses 0.9).</summary>
    public double CvarAlpha { get; init; } = 0.9;

    /// <summary>
    /// The constrained statistic instead of <see cref="CostMeasure"/> when set (e.g. a safety plugin's risk measure; it is
    /// given <see cref="CvarAlpha"/> as its level). Not saved with the settings: a host resolves it again.
    /// </summary>
    [JsonIgnore]
    public IEpisodeCostMeasure? CustomCostMeasure { get; init; }

    /// <summary>
    /// PID Lagrangian proportional gain. Stooke et al. 2020 use PI control to damp the oscillation of plain
    /// dual ascent; our costs are O(1) per episode rather than Safety Gym's O(25), so the gains are larger than
    /// OmniSafe's (0.1 / 0.01 / 0.01). Kp = Kd = 0 gives plain dual ascent.
    /// </summary>
    public double LagrangeKp { get; init; } = 0.1;

    /// <summary>PID Lagrangian integral gain: the dual ascent step on (J_c - limit) per update.</summary>
    public double LagrangeKi { get; init; } = 0.05;

    /// <summary>PID Lagrangian derivative gain (0: per-update cost estimates are noisy and D amplifies noise).</summary>
    public double LagrangeKd { get; init; }

    /// <summary>Upper bound on the multiplier (OmniSafe's penalty_max: 100).</summary>
    public double LagrangeMax { get; init; } = 100;

    /// <summary>Multiplier before the first update.</summary>
    public double LagrangeInitial { get; init; }

    /// <summary>Write a checkpoint every this many updates during <see cref="Ppo.Train"/>; 0 = never.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Folder for periodic checkpoints (required when <see cref="CheckpointEvery"/> &gt; 0).</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        static void Require(bool ok, string field, object value, string rule)
        {
            if (!ok)
                throw new ArgumentException($"PpoOptions.{field} = {value} is invalid: {rule}.");
        }
        Require(TotalSteps > 0, nameof(TotalSteps), TotalSteps, "must be positive");
        Require(NumSteps > 0, nameof(NumSteps), NumSteps, "must be positive");
        Require(LearningRate > 0, nameof(LearningRate), LearningRate, "must be positive");
        Require(AdamEpsilon > 0, nameof(AdamEpsilon), AdamEpsilon, "must be positive");
        Require(Gamma is >= 0 and <= 1, nameof(Gamma), Gamma, "must be in [0, 1]");
        Require(GaeLambda is >= 0 and <= 1, nameof(GaeLambda), GaeLambda, "must be in [0, 1]");
        Require(NumMinibatches > 0, nameof(NumMinibatches), NumMinibatches, "must be positive");
        Require(UpdateEpochs > 0, nameof(UpdateEpochs), UpdateEpochs, "must be positive");
        Require(ClipCoef > 0, nameof(ClipCoef), ClipCoef, "must be positive");
        Require(EntropyCoef >= 0, nameof(EntropyCoef), EntropyCoef, "must be non-negative");
        Require(ValueCoef >= 0, nameof(ValueCoef), ValueCoef, "must be non-negative");
        Require(MaxGradNorm > 0, nameof(MaxGradNorm), MaxGradNorm, "must be positive");
        Require(TargetKl is null or > 0, nameof(TargetKl), TargetKl ?? 0, "must be positive or null");
        Require(HiddenSize > 0, nameof(HiddenSize), HiddenSize, "must be positive");
        Require(HiddenLayers > 0, nameof(HiddenLayers), HiddenLayers, "must be positive");
        Require(CvarAlpha is >= 0 and < 1, nameof(CvarAlpha), CvarAlpha, "must be in [0, 1)");
        Require(LagrangeKp >= 0, nameof(LagrangeKp), LagrangeKp, "must be non-negative");
        Require(LagrangeKi >= 0, nameof(LagrangeKi), LagrangeKi, "must be non-negative");
        Require(LagrangeKd >= 0, nameof(LagrangeKd), LagrangeKd, "must be non-negative");
        Require(LagrangeMax > 0, nameof(LagrangeMax), LagrangeMax, "must be positive");
        Require(LagrangeInitial >= 0, nameof(LagrangeInitial), LagrangeInitial, "must be non-negative");
        Require(CheckpointEvery >= 0, nameof(CheckpointEvery), CheckpointEvery, "must be non-negative");
        Require(CheckpointEvery == 0 || !string.IsNullOrWhiteSpace(CheckpointDirectory), nameof(CheckpointDirectory), CheckpointDirectory ?? "null", "is required when CheckpointEvery > 0");
    }
}
