using System.Diagnostics;
using System.Text.Json;
using DtSmdrl.Pipeline.Provenance;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// PPO-Lagrangian for discrete, maskable actions over an <see cref="IVectorEnv"/>, following CleanRL's ppo.py
/// (Huang et al. 2022, "The 37 implementation details of PPO") plus a cost critic, cost GAE and a PID
/// Lagrange multiplier on the episode toxicity cost (Stooke et al. 2020). One call of <see cref="RunUpdate"/>
/// is one iteration, read top to bottom:
/// <list type="number">
/// <item>anneal the learning rate;</item>
/// <item>roll out NumSteps steps in every environment: one forward for all environments per step, actions
/// sampled on the C# side from the masked probabilities with the run's seeded generator;</item>
/// <item>GAE for the reward and for the cost;</item>
/// <item>update the Lagrange multiplier from the episodes that finished (mean cost or grouped CVaR);</item>
/// <item>UpdateEpochs passes of shuffled minibatches: clipped surrogate on (A_r - lambda A_c) / (1 + lambda),
/// (clipped) value losses for both critics, entropy bonus, global gradient clipping;</item>
/// <item>report diagnostics.</item>
/// </list>
/// Each update and minibatch runs in its own dispose scope, so no tensor outlives its step.
/// </summary>
public sealed class Ppo : IDisposable
{
    /// <summary>Bundle entry of the network weights in a checkpoint.</summary>
    public const string WeightsEntry = "weights.bin";
    /// <summary>Bundle entry of the Adam state in a checkpoint.</summary>
    public const string OptimizerEntry = "optimizer.bin";
    /// <summary>Bundle entry of the run state (counters, RNG, multiplier, normaliser, episode accumulators).</summary>
    public const string StateEntry = "state.json";
    /// <summary>Bundle entry of the environment state (only for <see cref="ISnapshotVectorEnv"/>).</summary>
    public const string EnvironmentEntry = "environment.bin";

    private readonly IVectorEnv _env;
    private readonly ActorCritic _network;
    private readonly Parameter[] _parameters;
    private readonly Adam _optimizer;
    private readonly AgentRandom _rng;
    private readonly PidLagrangian _lagrangian;
    private readonly EpisodeTracker _episodes;
    private readonly int[] _groups;
    private readonly int _numEnvs, _obsSize, _actions, _batchSize;

    // Rollout storage, [t * NumEnvs + env] (times ObservationSize or ActionCount where it applies).
    private readonly float[] _obs, _logProbs, _rewards, _costs, _values, _costValues;
    private readonly long[] _actionsTaken;
    private readonly bool[] _masks, _dones;

    // The current step: normalised observations and masks the next action is chosen from, and the env's outputs.
    private readonly float[] _nextObs, _rawObs, _stepLogProbs, _stepValues, _stepCostValues, _stepRewards, _stepCosts;
    private readonly bool[] _nextMask, _stepDones;
    private readonly int[] _stepActions;

    /// <summary>Creates a run: builds the network from the seed and resets every environment.</summary>
    /// <param name="env">The environments to train on.</param>
    /// <param name="options">Hyperparameters.</param>
    /// <param name="envGroups">Group id per environment for the grouped CVaR (e.g. patient id); null puts all in one group.</param>
    public Ppo(IVectorEnv env, PpoOptions options, int[]? envGroups = null)
        : this(env, options, envGroups, resetEnvironments: true)
    {
    }

    private Ppo(IVectorEnv env, PpoOptions options, int[]? envGroups, bool resetEnvironments)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (env.NumEnvs <= 0 || env.ObservationSize <= 0 || env.ActionCount <= 0)
            throw new ArgumentException($"Environment sizes must be positive (NumEnvs {env.NumEnvs}, ObservationSize {env.ObservationSize}, ActionCount {env.ActionCount}).", nameof(env));
        if (envGroups is not null && envGroups.Length != env.NumEnvs)
            throw new ArgumentException($"Got {envGroups.Length} group ids for {env.NumEnvs} environments.", nameof(envGroups));
        _env = env;
        Options = options;
        (_numEnvs, _obsSize, _actions) = (env.NumEnvs, env.ObservationSize, env.ActionCount);
        _batchSize = options.NumSteps * _numEnvs;
        TotalUpdates = (int)Math.Max(1, options.TotalSteps / _batchSize);
        _groups = envGroups is null ? new int[_numEnvs] : (int[])envGroups.Clone();

        _rng = new AgentRandom(options.Seed);
        _network = new ActorCritic(NetworkShape.For(env, options), _rng.NextSeed());
        _parameters = [.. _network.parameters()];
        _optimizer = optim.Adam(_parameters, options.LearningRate, eps: options.AdamEpsilon);
        _lagrangian = new PidLagrangian(options.CostLimit, options.LagrangeKp, options.LagrangeKi, options.LagrangeKd, options.LagrangeMax, options.LagrangeInitial);
        Normalizer = new ObservationNormalizer(_obsSize);
        _episodes = new EpisodeTracker(_groups);

        _obs = new float[_batchSize * _obsSize];
        _masks = new bool[_batchSize * _actions];
        _actionsTaken = new long[_batchSize];
        (_logProbs, _rewards, _costs, _values, _costValues) = (new float[_batchSize], new float[_batchSize], new float[_batchSize], new float[_batchSize], new float[_batchSize]);
        _dones = new bool[_batchSize];
        (_nextObs, _rawObs) = (new float[_numEnvs * _obsSize], new float[_numEnvs * _obsSize]);
        _nextMask = new bool[_numEnvs * _actions];
        _stepLogProbs = new float[_numEnvs * _actions];
        (_stepValues, _stepCostValues, _stepRewards, _stepCosts) = (new float[_numEnvs], new float[_numEnvs], new float[_numEnvs], new float[_numEnvs]);
        _stepDones = new bool[_numEnvs];
        _stepActions = new int[_numEnvs];

        if (resetEnvironments)
            ResetEnvironments();
    }

    /// <summary>The hyperparameters of this run.</summary>
    public PpoOptions Options { get; }

    /// <summary>Number of environments stepped together.</summary>
    public int EnvironmentCount => _numEnvs;

    /// <summary>When true, <see cref="Dispose"/> also disposes the environment (if it is disposable).</summary>
    internal bool OwnsEnvironment { get; init; }

    /// <summary>Updates in the whole run: TotalSteps / (NumSteps x NumEnvs).</summary>
    public int TotalUpdates { get; }

    /// <summary>Updates done so far.</summary>
    public int CompletedUpdates { get; private set; }

    /// <summary>Environment steps so far, over all environments.</summary>
    public long GlobalStep { get; private set; }

    /// <summary>Current Lagrange multiplier.</summary>
    public double Lambda => _lagrangian.Lambda;

    /// <summary>The observation normaliser (part of the policy).</summary>
    public ObservationNormalizer Normalizer { get; private set; }

    /// <summary>A view of the current policy sharing this run's network (do not use after disposing the run).</summary>
    public PpoPolicy Policy => new(_network, Normalizer, ownsNetwork: false);

    /// <summary>Trains until <see cref="TotalUpdates"/>, reporting each update and writing periodic checkpoints.</summary>
    public void Train(IProgress<PpoProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        while (CompletedUpdates < TotalUpdates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var report = RunUpdate();
            progress?.Report(report);
            if (Options.CheckpointEvery > 0 && CompletedUpdates % Options.CheckpointEvery == 0)
            {
                Directory.CreateDirectory(Options.CheckpointDirectory!);
                SaveCheckpoint(Path.Combine(Options.CheckpointDirectory!, $"checkpoint-{CompletedUpdates:D6}.zip"));
            }
        }
    }

    /// <summary>One PPO iteration: rollout, GAE, multiplier, minibatch epochs. Returns its diagnostics.</summary>
    public PpoProgress RunUpdate()
    {
        if (CompletedUpdates >= TotalUpdates)
            throw new InvalidOperationException($"All {TotalUpdates} updates of this run are done (TotalSteps {Options.TotalSteps}).");
        var started = Stopwatch.GetTimestamp();

        // 1. Learning rate, annealed linearly from LearningRate (first update) towards 0.
        var fraction = Options.AnnealLearningRate ? 1.0 - (double)CompletedUpdates / TotalUpdates : 1.0;
        var learningRate = fraction * Options.LearningRate;
        foreach (var group in _optimizer.ParamGroups)
            group.LearningRate = learningRate;

        // 2. Rollout.
        for (var t = 0; t < Options.NumSteps; t++)
            RolloutStep(t);
        GlobalStep += _batchSize;
        var rolloutSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        // 3. GAE for reward and cost, bootstrapped from the values of the observations after the last step.
        _network.Evaluate(_nextObs, _nextMask, _numEnvs, _stepLogProbs, _stepValues, _stepCostValues);
        var advantages = new float[_batchSize];
        var returns = new float[_batchSize];
        var costAdvantages = new float[_batchSize];
        var costReturns = new float[_batchSize];
        Gae.Compute(_rewards, _values, _dones, _stepValues, _numEnvs, Options.Gamma, Options.GaeLambda, advantages, returns);
        Gae.Compute(_costs, _costValues, _dones, _stepCostValues, _numEnvs, Options.Gamma, Options.GaeLambda, costAdvantages, costReturns);

        // 4. Lagrange multiplier from this rollout's finished episodes (kept as is when none finished).
        var finished = _episodes.TakeFinished();
        var constrainedCost = ConstrainedCost(finished);
        if (Options.UseCostConstraint && finished.Length > 0)
            _lagrangian.Update(constrainedCost);
        var lambda = Options.UseCostConstraint ? _lagrangian.Lambda : 0.0;

        // 5. Minibatch epochs.
        var optimizeStarted = Stopwatch.GetTimestamp();
        var losses = Optimize(advantages, returns, costAdvantages, costReturns, lambda);

        var optimizeSeconds = Stopwatch.GetElapsedTime(optimizeStarted).TotalSeconds;
        CompletedUpdates++;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new PpoProgress
        {
            Update = CompletedUpdates,
            TotalUpdates = TotalUpdates,
            GlobalStep = GlobalStep,
            Episodes = finished.Length,
            MeanEpisodeReturn = finished.Length > 0 ? finished.Average(e => e.Return) : double.NaN,
            MeanEpisodeCost = finished.Length > 0 ? finished.Average(e => e.Cost) : double.NaN,
            ConstrainedCost = constrainedCost,
            Lambda = lambda,
            LearningRate = learningRate,
            PolicyLoss = losses.Policy,
            ValueLoss = losses.Value,
            CostValueLoss = losses.CostValue,
            Entropy = losses.Entropy,
            ApproxKl = losses.ApproxKl,
            ClipFraction = losses.ClipFraction,
            ExplainedVariance = ExplainedVariance(_values, returns),
            StepsPerSecond = _batchSize / Math.Max(seconds, 1e-9),
            RolloutSeconds = rolloutSeconds,
            OptimizeSeconds = optimizeSeconds,
            GradientSteps = losses.GradientSteps,
        };
    }

    private void RolloutStep(int t)
    {
        Array.Copy(_nextObs, 0, _obs, t * _numEnvs * _obsSize, _nextObs.Length);
        Array.Copy(_nextMask, 0, _masks, t * _numEnvs * _actions, _nextMask.Length);
        _network.Evaluate(_nextObs, _nextMask, _numEnvs, _stepLogProbs, _stepValues, _stepCostValues);
        for (var i = 0; i < _numEnvs; i++)
        {
            var logProbs = _stepLogProbs.AsSpan(i * _actions, _actions);
            var action = MaskedCategorical.Sample(logProbs, _nextMask.AsSpan(i * _actions, _actions), _rng.NextDouble());
            var k = t * _numEnvs + i;
            _stepActions[i] = action;
            _actionsTaken[k] = action;
            _logProbs[k] = logProbs[action];
            _values[k] = _stepValues[i];
            _costValues[k] = _stepCostValues[i];
        }
        _env.Step(_stepActions, _rawObs, _stepRewards, _stepCosts, _stepDones, _nextMask);
        CheckMasks(_nextMask, "Step");
        Array.Copy(_stepRewards, 0, _rewards, t * _numEnvs, _numEnvs);
        Array.Copy(_stepCosts, 0, _costs, t * _numEnvs, _numEnvs);
        Array.Copy(_stepDones, 0, _dones, t * _numEnvs, _numEnvs);
        _episodes.Record(_stepRewards, _stepCosts, _stepDones);
        ObserveRaw();
    }

    private double ConstrainedCost(EpisodeRecord[] finished)
    {
        if (finished.Length == 0)
            return double.NaN;
        if (Options.CustomCostMeasure is { } custom)
        {
            var measured = custom.Measure(finished.Select(e => e.Cost).ToArray(), finished.Select(e => e.Group).ToArray(), Options.CvarAlpha);
            if (!double.IsFinite(measured))
                throw new InvalidOperationException($"Cost measure '{custom.Name}' returned {measured}; the constraint needs a finite number.");
            return measured;
        }
        if (Options.CostMeasure == CostMeasure.Mean)
            return finished.Average(e => e.Cost);
        return Cvar.GroupedMean(finished.Select(e => e.Cost).ToArray(), finished.Select(e => e.Group).ToArray(), Options.CvarAlpha);
    }

    private (double Policy, double Value, double CostValue, double Entropy, double ApproxKl, double ClipFraction, int GradientSteps) Optimize(
        float[] advantages, float[] returns, float[] costAdvantages, float[] costReturns, double lambda)
    {
        using var updateScope = NewDisposeScope();
        var obs = tensor(_obs, [_batchSize, _obsSize]);
        var masks = tensor(_masks, [_batchSize, _actions]);
        var actions = tensor(_actionsTaken, [_batchSize]);
        var oldLogProbs = tensor(_logProbs, [_batchSize]);
        var oldValues = tensor(_values, [_batchSize]);
        var oldCostValues = tensor(_costValues, [_batchSize]);
        var rewardAdvantages = tensor(advantages, [_batchSize]);
        var rewardReturns = tensor(returns, [_batchSize]);
        var costAdv = tensor(costAdvantages, [_batchSize]);
        var costRet = tensor(costReturns, [_batchSize]);

        var order = Enumerable.Range(0, _batchSize).ToArray();
        var minibatchSize = (_batchSize + Options.NumMinibatches - 1) / Options.NumMinibatches;
        double policySum = 0, valueSum = 0, costValueSum = 0, entropySum = 0, klSum = 0, clipSum = 0;
        var minibatches = 0;
        for (var epoch = 0; epoch < Options.UpdateEpochs; epoch++)
        {
            _rng.Shuffle(order);
            double epochKl = 0;
            var epochMinibatches = 0;
            for (var start = 0; start < _batchSize; start += minibatchSize)
            {
                using var minibatchScope = NewDisposeScope();
                var count = Math.Min(minibatchSize, _batchSize - start);
                var index = tensor(order.AsSpan(start, count).ToArray().Select(i => (long)i).ToArray(), [count]);

                var (logits, value, costValue) = _network.Forward(obs.index_select(0, index), masks.index_select(0, index));
                var logProbsAll = nn.functional.log_softmax(logits, 1);
                var newLogProbs = logProbsAll.gather(1, actions.index_select(0, index).unsqueeze(1)).squeeze(1);
                var entropy = -(logProbsAll.exp() * logProbsAll).sum(1);
                var logRatio = newLogProbs - oldLogProbs.index_select(0, index);
                var ratio = logRatio.exp();

                double approxKl, clipFraction;
                using (no_grad())
                {
                    approxKl = ((ratio - 1) - logRatio).mean().item<float>();
                    clipFraction = (ratio - 1).abs().gt(Options.ClipCoef).to_type(ScalarType.Float32).mean().item<float>();
                }

                // Reward and cost advantages are normalised separately, then combined as in PPO-Lagrangian.
                var rewardAdvantage = Standardize(rewardAdvantages.index_select(0, index));
                var costAdvantage = Standardize(costAdv.index_select(0, index));
                var advantage = (rewardAdvantage - lambda * costAdvantage) / (1 + lambda);

                var surrogate = -advantage * ratio;
                var clippedSurrogate = -advantage * ratio.clamp(1 - Options.ClipCoef, 1 + Options.ClipCoef);
                var policyLoss = maximum(surrogate, clippedSurrogate).mean();
                var valueLoss = ValueLoss(value, rewardReturns.index_select(0, index), oldValues.index_select(0, index));
                var costValueLoss = ValueLoss(costValue, costRet.index_select(0, index), oldCostValues.index_select(0, index));
                var entropyMean = entropy.mean();
                var loss = policyLoss - Options.EntropyCoef * entropyMean + Options.ValueCoef * (valueLoss + costValueLoss);

                _optimizer.zero_grad();
                loss.backward();
                nn.utils.clip_grad_norm_(_parameters, Options.MaxGradNorm);
                _optimizer.step();

                policySum += policyLoss.item<float>();
                valueSum += valueLoss.item<float>();
                costValueSum += costValueLoss.item<float>();
                entropySum += entropyMean.item<float>();
                klSum += approxKl;
                clipSum += clipFraction;
                epochKl += approxKl;
                minibatches++;
                epochMinibatches++;
            }
            if (Options.TargetKl is { } targetKl && epochKl / epochMinibatches > targetKl)
                break;
        }
        return (policySum / minibatches, valueSum / minibatches, costValueSum / minibatches, entropySum / minibatches, klSum / minibatches, clipSum / minibatches, minibatches);
    }

    private Tensor Standardize(Tensor advantage) =>
        Options.NormalizeAdvantages && advantage.shape[0] > 1 ? (advantage - advantage.mean()) / (advantage.std() + 1e-8) : advantage;

    private Tensor ValueLoss(Tensor value, Tensor target, Tensor oldValue)
    {
        var unclipped = (value - target).square();
        if (!Options.ClipValueLoss)
            return 0.5 * unclipped.mean();
        var clippedValue = oldValue + (value - oldValue).clamp(-Options.ClipCoef, Options.ClipCoef);
        return 0.5 * maximum(unclipped, (clippedValue - target).square()).mean();
    }

    private static double ExplainedVariance(float[] predicted, float[] target)
    {
        double mean = target.Average(v => (double)v), residualMean = 0;
        for (var i = 0; i < target.Length; i++)
            residualMean += target[i] - predicted[i];
        residualMean /= target.Length;
        double varTarget = 0, varResidual = 0;
        for (var i = 0; i < target.Length; i++)
        {
            varTarget += (target[i] - mean) * (target[i] - mean);
            var residual = target[i] - predicted[i] - residualMean;
            varResidual += residual * residual;
        }
        return varTarget == 0 ? double.NaN : 1 - varResidual / varTarget;
    }

    private void ResetEnvironments()
    {
        var seeds = new long[_numEnvs];
        for (var i = 0; i < seeds.Length; i++)
            seeds[i] = _rng.NextSeed();
        _env.Reset(seeds, _rawObs, _nextMask);
        CheckMasks(_nextMask, "Reset");
        _episodes.Clear();
        ObserveRaw();
    }

    // Normalisation happens when an observation arrives (as gym's NormalizeObservation wrapper does), so the
    // stored rollout observations and the bootstrap observations are scaled exactly as the policy saw them.
    private void ObserveRaw()
    {
        if (Options.NormalizeObservations)
        {
            Normalizer.Update(_rawObs, _numEnvs);
            Normalizer.Normalize(_rawObs, _nextObs);
        }
        else
        {
            Array.Copy(_rawObs, _nextObs, _rawObs.Length);
        }
    }

    private void CheckMasks(bool[] masks, string call)
    {
        for (var i = 0; i < _numEnvs; i++)
            if (Array.IndexOf(masks, true, i * _actions, _actions) < 0)
                throw new InvalidOperationException($"{_env.GetType().Name}.{call} masked every action of environment {i}; at least action 0 (hold) must stay allowed.");
    }

    /// <summary>Copies the current network parameters.</summary>
    public PolicyWeights GetWeights() => PolicyWeights.Capture(_network);

    /// <summary>Overwrites the network parameters (the optimiser state is kept).</summary>
    public void SetWeights(PolicyWeights weights) => weights.ApplyTo(_network);

    /// <summary>Replaces the observation normaliser (e.g. a frozen one shared by a meta-learner).</summary>
    public void SetNormalizer(ObservationNormalizer normalizer)
    {
        if (normalizer.Size != _obsSize)
            throw new ArgumentException($"Normaliser is for {normalizer.Size} features, the environment has {_obsSize}.", nameof(normalizer));
        Normalizer = normalizer;
        ObserveRawWithoutUpdate();
    }

    private void ObserveRawWithoutUpdate()
    {
        if (Options.NormalizeObservations)
            Normalizer.Normalize(_rawObs, _nextObs);
        else
            Array.Copy(_rawObs, _nextObs, _rawObs.Length);
    }

    /// <summary>
    /// Writes a checkpoint bundle: weights, Adam state, run state (update counter, global step, RNG, Lagrange
    /// controller, normaliser, current observations and episode accumulators) and, for an
    /// <see cref="ISnapshotVectorEnv"/>, the environment state.
    /// </summary>
    public void SaveCheckpoint(string path)
    {
        var snapshotEnv = _env as ISnapshotVectorEnv;
        var state = new PpoCheckpointState(Options, CompletedUpdates, GlobalStep, _rng.State, _lagrangian.ToState(), Normalizer.ToState(), Normalizer.Frozen,
            (float[])_rawObs.Clone(), (bool[])_nextMask.Clone(), _episodes.Returns, _episodes.Costs, _episodes.Lengths, _groups, snapshotEnv is not null);
        var entries = new Dictionary<string, Action<Stream>>
        {
            [WeightsEntry] = stream => _network.save(stream),
            [OptimizerEntry] = stream =>
            {
                using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
                _optimizer.save_state_dict(writer);
            },
            [StateEntry] = stream => JsonSerializer.Serialize(stream, state, AgentJson.Options),
        };
        if (snapshotEnv is not null)
            entries[EnvironmentEntry] = snapshotEnv.SaveState;
        var optionsJson = JsonSerializer.SerializeToUtf8Bytes(Options, AgentJson.Options);
        ModelBundle.Save(path, new BundleManifest { Kind = "ppo-checkpoint", TrainingDataHash = ContentHash.OfBytes(optionsJson), Seed = Options.Seed }, entries);
    }

    /// <summary>
    /// Continues a run from a checkpoint with the same options. With an <see cref="ISnapshotVectorEnv"/> the next
    /// update is exactly the one the uninterrupted run would have made; other environments are reset with seeds
    /// from the restored generator (deterministic, but a different stream from the uninterrupted run).
    /// </summary>
    public static Ppo Resume(string path, IVectorEnv env)
    {
        using var bundle = ModelBundle.Open(path);
        var state = JsonSerializer.Deserialize<PpoCheckpointState>(bundle.ReadEntry(StateEntry), AgentJson.Options)
            ?? throw new InvalidDataException($"{path}: entry {StateEntry} is empty.");
        var ppo = new Ppo(env, state.Options, state.Groups, resetEnvironments: false);
        try
        {
            ppo._network.load(bundle.ReadEntry(WeightsEntry));
            using (var reader = new BinaryReader(bundle.ReadEntry(OptimizerEntry)))
                ppo._optimizer.load_state_dict(reader);
            ppo.Restore(state, path);
            if (state.HasEnvironmentState)
            {
                if (env is not ISnapshotVectorEnv snapshotEnv)
                    throw new InvalidDataException($"{path}: the checkpoint holds environment state but {env.GetType().Name} cannot load it (not an ISnapshotVectorEnv).");
                snapshotEnv.LoadState(bundle.ReadEntry(EnvironmentEntry));
            }
            else
            {
                ppo.ResetEnvironments();
            }
            return ppo;
        }
        catch
        {
            ppo.Dispose();
            throw;
        }
    }

    private void Restore(PpoCheckpointState state, string path)
    {
        if (state.RawObservations.Length != _rawObs.Length || state.NextActionMask.Length != _nextMask.Length)
            throw new InvalidDataException($"{path}: the checkpoint is for {state.RawObservations.Length / _obsSize} environments with observation/mask sizes that do not match {_env.GetType().Name}.");
        CompletedUpdates = state.CompletedUpdates;
        GlobalStep = state.GlobalStep;
        _rng.State = state.RngState;
        _lagrangian.Restore(state.Lagrange);
        Normalizer = ObservationNormalizer.FromState(state.Normalizer);
        Normalizer.Frozen = state.NormalizerFrozen;
        Array.Copy(state.RawObservations, _rawObs, _rawObs.Length);
        ObserveRawWithoutUpdate();
        Array.Copy(state.NextActionMask, _nextMask, _nextMask.Length);
        _episodes.Restore(state.EpisodeReturns, state.EpisodeCosts, state.EpisodeLengths);
    }

    /// <summary>Saves the current policy (weights and normaliser) as a policy bundle; see <see cref="PpoPolicy.Load"/>.</summary>
    public void SavePolicy(string path, string trainingDataHash) => Policy.Save(path, trainingDataHash, Options.Seed);

    /// <summary>Frees the network and the optimiser.</summary>
    public void Dispose()
    {
        _optimizer.Dispose();
        _network.Dispose();
        if (OwnsEnvironment)
            (_env as IDisposable)?.Dispose();
    }
}
