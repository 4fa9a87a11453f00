namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// Reptile (Nichol, Achiam and Schulman 2018) over PPO inner loops: learns a policy initialisation from which a
/// few PPO updates on a new patient's personalised twin give a good policy.
/// <code>
/// fit the observation normaliser once on uniform-random rollouts of all tasks, then freeze it
/// theta = a fresh actor-critic
/// for m = 0 .. Iterations-1:
///     epsilon = MetaStepSize * (1 - m / Iterations)             (linear annealing)
///     sample TasksPerIteration tasks without replacement
///     for each task i: phi_i = theta after K PPO updates on task i (fresh Adam, multiplier from the meta level)
///     theta = theta + epsilon * (mean_i phi_i - theta)
///     update the meta-level Lagrange multiplier from the inner loops' constrained costs
/// </code>
/// Why Reptile: it is first order (no second derivatives through PPO's clipped, minibatched, multi-epoch
/// updates, which MAML would need), it treats the inner learner as a black box, so the inner loop is exactly
/// the PPO used for adaptation, and it needs only weight arithmetic, done here on plain arrays.
/// The frozen normaliser matters: a shared initialisation is only meaningful if every task scales inputs alike.
/// </summary>
public sealed class MetaPpo
{
    /// <summary>Creates a meta-learner with validated options.</summary>
    public MetaPpo(MetaPpoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The hyperparameters.</summary>
    public MetaPpoOptions Options { get; }

    /// <summary>
    /// Runs Reptile over the tasks and returns the learned initialisation. It starts from a fresh network with a normaliser
    /// fitted on the tasks, or from <paramref name="start"/> (e.g. a behaviour-cloned warm start, whose frozen normaliser
    /// it keeps).
    /// </summary>
    public MetaInitialization Train(IReadOnlyList<MetaTask> tasks, IProgress<MetaProgress>? progress = null, CancellationToken cancellationToken = default,
        MetaInitialization? start = null)
    {
        if (tasks.Count == 0)
            throw new ArgumentException("Meta-training needs at least one task.", nameof(tasks));
        var rng = new AgentRandom(Options.Seed);
        var normalizerSeed = rng.NextSeed();
        var shape = ShapeOf(tasks[0]);
        var initSeed = rng.NextSeed();
        if (start is not null && start.Weights.Shape != shape)
            throw new ArgumentException($"The start is for {start.Weights.Shape}; the tasks need {shape}.", nameof(start));
        var initialization = start ?? MetaInitialization.Random(shape, initSeed, FitNormalizer(tasks, Options.NormalizerWarmupSteps, normalizerSeed));
        var inner = Options.Inner;
        var lagrangian = new PidLagrangian(inner.CostLimit, inner.LagrangeKp, inner.LagrangeKi, inner.LagrangeKd, inner.LagrangeMax, inner.LagrangeInitial);
        var order = Enumerable.Range(0, tasks.Count).ToArray();
        var batch = Math.Min(Options.TasksPerIteration, tasks.Count);

        for (var m = 0; m < Options.Iterations; m++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var epsilon = Options.AnnealMetaStepSize ? Options.MetaStepSize * (1 - (double)m / Options.Iterations) : Options.MetaStepSize;
            rng.Shuffle(order);
            var chosen = order.Take(batch).Select(i => tasks[i]).ToArray();
            var seeds = chosen.Select(_ => rng.NextSeed()).ToArray();
            var multiplier = lagrangian.Lambda;
            var current = initialization;
            var loops = new InnerLoopResult[chosen.Length];
            Parallel.For(0, chosen.Length, new ParallelOptions { MaxDegreeOfParallelism = Options.Workers, CancellationToken = cancellationToken },
                i => loops[i] = RunInnerLoop(current, chosen[i], inner with { LagrangeInitial = multiplier }, seeds[i]));
            // Gathered in task order so the averages do not depend on which loop finished first.
            var adapted = loops.Select(l => l.Weights).ToList();
            var returns = loops.Where(l => l.Return is not null).Select(l => l.Return!.Value).ToList();
            var costs = loops.Where(l => l.Cost is not null).Select(l => l.Cost!.Value).ToList();
            var constrained = loops.SelectMany(l => l.ConstrainedCosts).ToList();
            var ids = chosen.Select(t => t.Id).ToList();
            initialization = initialization with { Weights = initialization.Weights.MoveTowards(adapted, epsilon) };
            if (inner.UseCostConstraint && constrained.Count > 0)
                lagrangian.Update(constrained.Average());
            progress?.Report(new MetaProgress(m + 1, Options.Iterations, epsilon,
                returns.Count > 0 ? returns.Average() : double.NaN, costs.Count > 0 ? costs.Average() : double.NaN, lagrangian.Lambda, ids));
        }
        return initialization;
    }

    /// <summary>
    /// Adapts an initialisation to one task with <paramref name="updates"/> PPO updates and evaluates the policy
    /// before the first and after every update (the adaptation curve; empty when <paramref name="evaluationEpisodes"/>
    /// is 0). The normaliser stays frozen.
    /// </summary>
    public static AdaptationResult Adapt(MetaInitialization initial, MetaTask task, int updates, PpoOptions innerOptions, long seed, int evaluationEpisodes = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(updates);
        ArgumentOutOfRangeException.ThrowIfNegative(evaluationEpisodes);
        var evaluationSeed = new AgentRandom(seed).NextSeed();
        using var ppo = CreateInner(initial, task, Math.Max(updates, 1), innerOptions, seed);
        // The evaluation runs on its own environment and seed, so skipping it (decision time needs only the
        // weights) leaves the adapted weights unchanged.
        var curve = new List<double>();
        if (evaluationEpisodes > 0) curve.Add(Evaluate(ppo.Policy, task, evaluationSeed, evaluationEpisodes));
        var episodes = new List<int>();
        for (var k = 0; k < updates; k++)
        {
            episodes.Add(ppo.RunUpdate().Episodes);
            if (evaluationEpisodes > 0) curve.Add(Evaluate(ppo.Policy, task, evaluationSeed, evaluationEpisodes));
        }
        return new AdaptationResult(ppo.GetWeights(), curve, (long)innerOptions.NumSteps * ppo.EnvironmentCount, episodes);
    }

    /// <summary>
    /// Fits an observation normaliser on uniform-random (over allowed actions) rollouts of every task and freezes it.
    /// </summary>
    public static ObservationNormalizer FitNormalizer(IReadOnlyList<MetaTask> tasks, int stepsPerEnv, long seed)
    {
        var rng = new AgentRandom(seed);
        ObservationNormalizer? normalizer = null;
        foreach (var task in tasks)
        {
            var env = task.CreateEnvironment();
            normalizer ??= new ObservationNormalizer(env.ObservationSize);
            if (env.ObservationSize != normalizer.Size)
                throw new ArgumentException($"Task '{task.Id}' has {env.ObservationSize} observation features, the first task has {normalizer.Size}.", nameof(tasks));
            var n = env.NumEnvs;
            var obs = new float[n * env.ObservationSize];
            var mask = new bool[n * env.ActionCount];
            var actions = new int[n];
            var (rewards, costs, dones) = (new float[n], new float[n], new bool[n]);
            var seeds = Enumerable.Range(0, n).Select(_ => rng.NextSeed()).ToArray();
            env.Reset(seeds, obs, mask);
            normalizer.Update(obs, n);
            for (var step = 0; step < stepsPerEnv; step++)
            {
                for (var i = 0; i < n; i++)
                    actions[i] = RandomAllowedAction(mask.AsSpan(i * env.ActionCount, env.ActionCount), rng);
                env.Step(actions, obs, rewards, costs, dones, mask);
                normalizer.Update(obs, n);
            }
            (env as IDisposable)?.Dispose();
        }
        normalizer!.Frozen = true;
        return normalizer;
    }

    private sealed record InnerLoopResult(PolicyWeights Weights, double? Return, double? Cost, IReadOnlyList<double> ConstrainedCosts);

    // K PPO updates from the current initialisation on one task (one inner loop of Reptile).
    private InnerLoopResult RunInnerLoop(MetaInitialization initialization, MetaTask task, PpoOptions inner, long seed)
    {
        using var ppo = CreateInner(initialization, task, Options.InnerUpdates, inner, seed);
        var constrained = new List<double>();
        PpoProgress? last = null;
        for (var k = 0; k < Options.InnerUpdates; k++)
        {
            last = ppo.RunUpdate();
            if (!double.IsNaN(last.ConstrainedCost))
                constrained.Add(last.ConstrainedCost);
        }
        var reached = last is { Episodes: > 0 };
        return new InnerLoopResult(ppo.GetWeights(), reached ? last!.MeanEpisodeReturn : null, reached ? last!.MeanEpisodeCost : null, constrained);
    }

    private static Ppo CreateInner(MetaInitialization initial, MetaTask task, int updates, PpoOptions innerOptions, long seed)
    {
        var env = task.CreateEnvironment();
        var options = innerOptions with
        {
            Seed = seed,
            TotalSteps = (long)updates * innerOptions.NumSteps * env.NumEnvs,
            CheckpointEvery = 0,
            LagrangeInitial = Math.Min(innerOptions.LagrangeInitial, innerOptions.LagrangeMax),
        };
        var ppo = new Ppo(env, options, task.EnvGroups) { OwnsEnvironment = true };
        var normalizer = initial.Normalizer.Clone();
        normalizer.Frozen = true;
        ppo.SetNormalizer(normalizer);
        ppo.SetWeights(initial.Weights);
        return ppo;
    }

    private static double Evaluate(PpoPolicy policy, MetaTask task, long seed, int episodes)
    {
        if (task.Evaluate is { } evaluate)
            return evaluate(policy);
        var env = task.CreateEnvironment();
        try
        {
            return PolicyEvaluation.MeanGreedyReturn(policy, env, seed, episodes);
        }
        finally
        {
            (env as IDisposable)?.Dispose();
        }
    }

    private NetworkShape ShapeOf(MetaTask task)
    {
        var env = task.CreateEnvironment();
        var shape = new NetworkShape(env.ObservationSize, env.ActionCount, Options.Inner.HiddenSize, Options.Inner.HiddenLayers, Options.Inner.SharedTrunk);
        (env as IDisposable)?.Dispose();
        return shape;
    }

    private static int RandomAllowedAction(ReadOnlySpan<bool> mask, AgentRandom rng)
    {
        var allowed = 0;
        foreach (var ok in mask)
            allowed += ok ? 1 : 0;
        if (allowed == 0)
            throw new InvalidOperationException("Every action is masked: at least action 0 (hold) must stay allowed.");
        var pick = rng.NextInt(allowed);
        for (var a = 0; a < mask.Length; a++)
            if (mask[a] && pick-- == 0)
                return a;
        throw new InvalidOperationException("unreachable");
    }
}
