using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Twin.Inference;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// Settings of the DT-SMDRL arm. Choices (documented defaults):
/// Reptile (first-order meta-learning, Nichol et al. 2018) over PPO inner loops, one task per
/// training patient (its personalised twins); PPO-Lagrangian with a PID multiplier on CVaR_0.9 of the
/// episode cost over the patient's twin samples; K PPO updates of adaptation on each test patient's
/// own twins; a threshold shield on the forecast probability of a severe toxicity event in the next cycle.
/// </summary>
public sealed record DtSmdrlArmOptions
{
    /// <summary>Meta-training. Inner loops: 8 twin slots x 16 steps per update, constant learning rate.</summary>
    public MetaPpoOptions Meta { get; init; } = new()
    {
        Iterations = 40,
        TasksPerIteration = 4,
        InnerUpdates = 4,
        NormalizerWarmupSteps = 16,
        EvaluationEpisodes = 1,
        Inner = new PpoOptions
        {
            NumSteps = 16,
            TotalSteps = 16 * 8 * 4,
            AnnealLearningRate = false,
            LearningRate = 1e-3,
            UseCostConstraint = true,
            CostMeasure = CostMeasure.Cvar,
            CvarAlpha = 0.9,
            CostLimit = 1.0,
        },
    };

    /// <summary>Where the policy starts before adapting: Meta (the full method), Population (ablation "without meta-learning") or Random.</summary>
    public InitialisationKind Initialisation { get; init; } = InitialisationKind.Meta;

    /// <summary>
    /// The ablation "without uncertainty": every twin sample of a patient is the same point estimate
    /// (<see cref="Twin.Prior.TwinPrior.PointEstimate"/>, missing covariates imputed once), so meta-training, adaptation,
    /// the CVaR constraint, the shield's forecast and the stated response probability see no parameter uncertainty.
    /// </summary>
    public bool PointEstimateTwins { get; init; }

    /// <summary>
    /// The closed loop inside the episode: every patient's belief (<see cref="BatchedTwinBelief"/>, particles drawn from the
    /// patient's twin source) is updated after every cycle from the observed ANC and scans, in the study's episodes and in
    /// every training and adaptation episode; the shield forecasts from the current belief. False (the default, and the
    /// ablation "without in-course updates") is the agent without it: twins drawn once before the first cycle, decisions
    /// exactly as before the belief existed. Off by default because the hosted engine, the ML.NET estimator, the
    /// adaptation study and the report inputs read the initialisation with the belief-free observation layout.
    /// </summary>
    public bool InCourseBelief { get; init; }

    /// <summary>
    /// With <see cref="InCourseBelief"/>: the policy's observation also carries the belief summary
    /// (<see cref="BatchedTwinBelief.Summary"/>), in training and at decision time. False is the ablation "without belief
    /// input": the belief then only feeds the shield's forecast.
    /// </summary>
    public bool BeliefInput { get; init; } = true;

    /// <summary>Particles and move settings of the in-course belief.</summary>
    public ParticleBeliefOptions Belief { get; init; } = new();

    /// <summary>Whether the policy's observation carries the belief summary.</summary>
    public bool PolicyReadsBelief => InCourseBelief && BeliefInput;

    /// <summary>
    /// The imitation warm start (<see cref="ImitationOptions"/>): behaviour cloning on Twin-MPC's decisions on training
    /// patients' twins before meta-training (or, for <see cref="InitialisationKind.Population"/>, the pooled PPO run) continues
    /// from it; <see cref="InitialisationKind.Imitation"/> stops after the cloning. On by default (measured on the quick study:
    /// Agent/README.md); null is the ablation "without imitation warm start". With a policy that reads the in-course belief,
    /// the demonstrations carry the belief's summary too.
    /// </summary>
    public ImitationOptions? Imitation { get; init; } = new();

    /// <summary>Twin samples per patient (one per environment slot of a task).</summary>
    public int TwinsPerPatient { get; init; } = 8;

    /// <summary>K: PPO updates of adaptation on a new patient's twins before recommending.</summary>
    public int AdaptationUpdates { get; init; } = 4;

    /// <summary>Mask actions whose forecast P(severe toxicity next cycle) exceeds this; null = no shield.</summary>
    public double? ShieldThreshold { get; init; } = 0.3;

    /// <summary>
    /// The shield to use instead of the threshold shield, e.g. a safety plugin resolved from the registry by name
    /// (DtSmdrl.Plugins/Adapters/AgentShield). Not saved with the settings: a host resolves it again. It must be safe to
    /// call from several threads at once. <see cref="ShieldThreshold"/> = null still means no shield at all.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ISafetyShield? Shield { get; init; }

    /// <summary>
    /// The decision-time shield of these settings: null when <see cref="ShieldThreshold"/> is null, else <see cref="Shield"/>
    /// when set, else the threshold shield at <see cref="ShieldThreshold"/>.
    /// </summary>
    public ISafetyShield? CreateShield() => ShieldThreshold is { } threshold ? Shield ?? new ThresholdShield(threshold) : null;

    /// <summary>Twin samples per test patient for the shield's forecast (and the service's rollouts).</summary>
    public int ForecastSamples { get; init; } = 16;

    /// <summary>
    /// Twin samples per test patient for the study's stated response probability: the share of this many rollouts is a
    /// noisy estimate of the twin's probability, and its noise alone makes the statement overconfident (a share of 16 has a
    /// standard deviation up to 0.125), so it uses more samples than the shield needs. Changes what is stated, never what is decided.
    /// </summary>
    public int StatedResponseSamples { get; init; } = 64;

    /// <summary>
    /// Calibrate the stated response probability on the validation split's retrospective courses
    /// (<see cref="StatedResponseCalibration"/>: Platt scaling of the rollouts' response share). Changes what the agent states,
    /// never what it decides.
    /// </summary>
    public bool CalibrateStatedResponse { get; init; } = true;

    /// <summary>libtorch intra-op threads.</summary>
    public int TorchThreads { get; init; } = 1;

    /// <summary>
    /// Inner loops of meta-training and test patients' adaptations run at once, one .NET thread each (with
    /// <see cref="TorchThreads"/> = 1). Results do not depend on it.
    /// </summary>
    public int Workers { get; init; } = 1;

    /// <summary>Episode settings (must match the study's).</summary>
    public TwinEnvironmentOptions Environment { get; init; } = new();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        static void Require(bool ok, string field, object? value, string rule)
        {
            if (!ok) throw new ArgumentException($"DtSmdrlArmOptions.{field} = {value ?? "null"} is invalid: {rule}.");
        }
        Require(TwinsPerPatient >= 1, nameof(TwinsPerPatient), TwinsPerPatient, "must be >= 1");
        Require(AdaptationUpdates >= 0, nameof(AdaptationUpdates), AdaptationUpdates, "must be >= 0");
        Require(ShieldThreshold is null or >= 0 and <= 1, nameof(ShieldThreshold), ShieldThreshold, "must be a probability in [0, 1], or null for no shield");
        Require(ForecastSamples >= 1, nameof(ForecastSamples), ForecastSamples, "must be >= 1");
        Require(StatedResponseSamples >= 1, nameof(StatedResponseSamples), StatedResponseSamples, "must be >= 1");
        Require(TorchThreads >= 1, nameof(TorchThreads), TorchThreads, "must be >= 1");
        Require(Workers >= 1, nameof(Workers), Workers, "must be >= 1");
        Require(Enum.IsDefined(Initialisation), nameof(Initialisation), Initialisation, "must be Meta, Population, Random or Imitation");
        Require(Initialisation != InitialisationKind.Imitation || Imitation is not null, nameof(Imitation), Imitation, "must be set when Initialisation is Imitation");
        Require(Imitation is null || Initialisation != InitialisationKind.Random, nameof(Imitation), Imitation, "cannot warm-start the Random initialisation (it is the untrained baseline)");
        Require(Imitation is null || Environment.Cycles % TreatmentRules.DecisionBlockCycles == 0, nameof(Environment), $"{Environment.Cycles} cycles",
            $"the imitation warm start's Twin-MPC plans in blocks of {TreatmentRules.DecisionBlockCycles} cycles, so Cycles must be a multiple of it (or set Imitation = null)");
        Imitation?.Validate();
        Meta.Validate();
        Belief.Validate();
        Environment.Validate();
    }
}
