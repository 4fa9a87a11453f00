using System.Diagnostics;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Evaluation.Progress;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// Builds the policy initialisation the DT-SMDRL agent adapts from, for each <see cref="InitialisationKind"/>,
/// from the training patients' personalised twins. Meta and Population get the same environment-step budget
/// (<see cref="MetaBudget"/>), so the adaptation-speed comparison is between equal amounts of experience.
/// </summary>
public static class PolicyInitialiser
{
    /// <summary>Environment slots of the pooled PPO run behind <see cref="InitialisationKind.Population"/>.</summary>
    public const int PopulationEnvs = 64;

    /// <summary>Env steps Reptile consumes: iterations x tasks x K inner updates x steps per env x slots per task.</summary>
    public static long MetaBudget(MetaPpoOptions meta, int slotsPerTask) =>
        (long)meta.Iterations * meta.TasksPerIteration * meta.InnerUpdates * meta.Inner.NumSteps * slotsPerTask;

    /// <summary>
    /// Trains (or, for Random, draws) the initialisation. Deterministic for a seed. When <paramref name="curve"/> is given,
    /// the training curve is appended to it (<see cref="LearningCurves"/>: one point per Reptile outer step for Meta, per
    /// PPO update for Population, none for Random); it only reads what training logs, so the result is the same.
    /// </summary>
    public static MetaInitialization Train(
        InitialisationKind kind, IReadOnlyList<PatientTwins> patients, DtSmdrlArmOptions options, long seed, IProgress<string>? progress = null,
        ICollection<TrainingCurvePoint>? curve = null, Demonstrations? demonstrations = null)
    {
        if (patients.Count == 0) throw new ArgumentException("The agent needs at least one training patient.", nameof(patients));
        if (kind == InitialisationKind.Imitation && demonstrations is null)
            throw new ArgumentException("The Imitation initialisation needs demonstrations.", nameof(demonstrations));
        var meta = options.Meta with { Seed = seed, Workers = options.Workers, Inner = options.Meta.Inner with { Seed = seed } };
        // Training episodes run the belief only when the policy reads it (without belief input it would change nothing learned).
        var belief = options.PolicyReadsBelief ? options.Belief : null;
        var tasks = patients.Select(p => p.ToTask(options.Environment, belief, options.BeliefInput)).ToList();
        var start = demonstrations is null ? null : Clone(tasks, patients[0], options, meta, seed, demonstrations, progress);
        switch (kind)
        {
            case InitialisationKind.Imitation:
                return start!;
            case InitialisationKind.Meta:
            {
                // Env steps of one outer step: the sampled tasks' inner loops (MetaPpo samples min(TasksPerIteration, tasks) tasks).
                var stepsPerIteration = (long)Math.Min(meta.TasksPerIteration, tasks.Count) * meta.InnerUpdates * meta.Inner.NumSteps * patients[0].Twins.Length;
                var clock = Stopwatch.StartNew();
                return new MetaPpo(meta).Train(tasks, new SynchronousProgress<MetaProgress>(p =>
                {
                    if (curve is not null && double.IsFinite(p.MeanInnerReturn))
                        curve.Add(new TrainingCurvePoint(p.Iteration * stepsPerIteration, clock.Elapsed.TotalSeconds, p.MeanInnerReturn, p.MeanInnerCost));
                    if (progress is not null && (p.Iteration % 10 == 0 || p.Iteration == p.Iterations))
                        progress.Report($"meta-iteration {p.Iteration}/{p.Iterations}: inner return {p.MeanInnerReturn:F3}, cost {p.MeanInnerCost:F3}, lambda {p.Lambda:F2}");
                }), start: start);
            }
            case InitialisationKind.Random:
            {
                var normalizer = MetaPpo.FitNormalizer(tasks, meta.NormalizerWarmupSteps, seed);
                return MetaInitialization.Random(Shape(patients[0], options), seed, normalizer);
            }
            case InitialisationKind.Population:
                return TrainPopulation(patients, options, meta, progress, curve, start);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown initialisation kind.");
        }
    }

    /// <summary>The actor-critic shape for a patient's observation rows and the twin's action set.</summary>
    public static NetworkShape Shape(PatientTwins patient, DtSmdrlArmOptions options)
    {
        var inner = options.Meta.Inner;
        return new NetworkShape(AgentObservation.Size(patient.InputContextSize(options.PolicyReadsBelief)), options.Environment.Simulation.Actions.Count,
            inner.HiddenSize, inner.HiddenLayers, inner.SharedTrunk);
    }

    // One PPO-Lagrangian run over every training patient's twins pooled (each slot draws a twin per episode,
    // so the CVaR is over the population's episodes), with a linearly annealed learning rate, then frozen.
    private static MetaInitialization TrainPopulation(IReadOnlyList<PatientTwins> patients, DtSmdrlArmOptions options, MetaPpoOptions meta, IProgress<string>? progress,
        ICollection<TrainingCurvePoint>? curve, MetaInitialization? start)
    {
        var twins = patients.SelectMany(p => p.Twins).ToList();
        var contexts = patients.SelectMany(p => Enumerable.Repeat(p.Context, p.Twins.Length)).ToList();
        var budget = MetaBudget(meta, patients[0].Twins.Length);
        var ppoOptions = meta.Inner with { TotalSteps = Math.Max(budget, (long)meta.Inner.NumSteps * PopulationEnvs), AnnealLearningRate = true };
        var belief = options.PolicyReadsBelief && patients[0].BeliefParticles is not null
            ? new TwinVectorEnvBelief(patients.SelectMany(p => Enumerable.Repeat(p.BeliefParticles!, p.Twins.Length)).ToList(), options.Belief, options.BeliefInput)
            : null;
        var env = new TwinVectorEnv(PopulationEnvs, twins, contexts, options.Environment, belief);
        using var ppo = new Ppo(env, ppoOptions) { OwnsEnvironment = true };
        if (start is not null)
        {
            // The warm start's frozen normaliser comes with its weights (the cloned policy reads inputs scaled by it).
            var normalizer = start.Normalizer.Clone();
            normalizer.Frozen = true;
            ppo.SetNormalizer(normalizer);
            ppo.SetWeights(start.Weights);
        }
        var total = ppo.TotalUpdates;
        var clock = Stopwatch.StartNew();
        ppo.Train(new SynchronousProgress<PpoProgress>(p =>
        {
            if (curve is not null && p.Episodes > 0)
                curve.Add(new TrainingCurvePoint(p.GlobalStep, clock.Elapsed.TotalSeconds, p.MeanEpisodeReturn, p.MeanEpisodeCost));
            if (progress is not null && (p.Update % 10 == 0 || p.Update == total))
                progress.Report($"population update {p.Update}/{total}: return {p.MeanEpisodeReturn:F3}, cost {p.MeanEpisodeCost:F3}, lambda {p.Lambda:F2}");
        }));
        using var policy = ppo.Policy;
        return MetaInitialization.FromPolicy(policy);
    }

    // The behaviour-cloned warm start: a fresh network (the seed Reptile would use) with the normaliser Reptile would fit,
    // trained on the demonstrations.
    private static MetaInitialization Clone(IReadOnlyList<MetaTask> tasks, PatientTwins first, DtSmdrlArmOptions options, MetaPpoOptions meta, long seed,
        Demonstrations demonstrations, IProgress<string>? progress)
    {
        var imitation = options.Imitation ?? new ImitationOptions();
        var rng = new AgentRandom(unchecked(seed * 31 + 17));
        var normalizer = MetaPpo.FitNormalizer(tasks, meta.NormalizerWarmupSteps, rng.NextSeed());
        var fresh = MetaInitialization.Random(Shape(first, options), rng.NextSeed(), normalizer);
        var (cloned, losses) = BehaviourCloning.Train(fresh, demonstrations, imitation.Cloning, rng.NextSeed());
        progress?.Report($"imitation: cloned {demonstrations.Count} decisions, loss {losses[0]:F3} -> {losses[^1]:F3}, agreement {BehaviourCloning.Agreement(cloned, demonstrations):P1}");
        return cloned;
    }
}
