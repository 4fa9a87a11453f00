using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Benchmarks.Zhao;

/// <summary>
/// Zhao, Kosorok and Zeng 2009's chemotherapy model (<see cref="ZhaoChemotherapyModel"/>) as a PPO vector
/// environment: each slot treats one virtual patient for <see cref="Horizon"/> monthly decisions, one of the
/// model's 11 dose levels (0, 0.1, ..., 1.0) per month; action 0 is dose 0 (hold). Nothing is masked.
/// </summary>
/// <remarks>
/// <para>Observation per slot: <c>[W, M, W0, M0, month / Horizon]</c>. W0 and M0 are the patient's baseline
/// measurements; they are in the observation because the model's dynamics use them (the floors in
/// max(M, M0) and max(W, W0)), so without them the state would not be Markov.</para>
/// <para>A month runs as the reference simulator runs it: apply the dose, one forward-Euler step of one month
/// (the model's difference equations), project W, M to &gt;= 0, then death with the model's probability using
/// the patient's counter-based uniform for that month (<see cref="CounterRandom.ExperimentStream"/>), so the
/// same patient sees the same death draws under every regimen. Reward is the model's reward (times
/// <see cref="RewardScale"/>, for training only); a death gives the model's -60 once and ends the episode,
/// as does the end of the horizon. Cost is the model's cost (W at the end of the month).</para>
/// <para>Auto-reset: a finished slot draws its next patient from its own generator, seeded by
/// <see cref="Reset"/>. Allocation-free per step; deterministic for the reset seeds.</para>
/// </remarks>
public sealed class ZhaoVectorEnv : IVectorEnv
{
    /// <summary>Observation features per slot.</summary>
    public const int Features = 5;

    /// <summary>Monthly decisions per patient in the paper.</summary>
    public const int PublishedHorizon = 6;

    private const int StateSize = ZhaoMonth.StateSize;

    private readonly ZhaoChemotherapyModel _model = ZhaoMonth.Model;
    private readonly ZhaoParameters[] _parameters;
    private readonly ulong[] _noiseSeeds;
    private readonly double[] _states;
    private readonly int[] _months;
    private readonly AgentRandom[] _rngs;
    private readonly double[] _lastStates;
    private readonly bool[] _lastDied;
    private readonly int[] _lastMonths;

    /// <summary>Creates the slots; call <see cref="Reset"/> or <see cref="ResetPatients"/> before stepping.</summary>
    /// <param name="numEnvs">Patients treated together.</param>
    /// <param name="horizon">Monthly decisions per patient (the paper: 6).</param>
    /// <param name="rewardScale">Factor on the model's reward (training only; 1 reports the model's reward).</param>
    public ZhaoVectorEnv(int numEnvs, int horizon = PublishedHorizon, double rewardScale = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numEnvs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        if (!(rewardScale > 0) || !double.IsFinite(rewardScale))
            throw new ArgumentOutOfRangeException(nameof(rewardScale), rewardScale, "The reward scale must be a finite number > 0.");
        (NumEnvs, Horizon, RewardScale) = (numEnvs, horizon, rewardScale);
        ActionCount = _model.Actions.Count;
        _parameters = new ZhaoParameters[numEnvs];
        _noiseSeeds = new ulong[numEnvs];
        _states = new double[numEnvs * StateSize];
        _months = new int[numEnvs];
        _rngs = new AgentRandom[numEnvs];
        _lastStates = new double[numEnvs * 2];
        _lastDied = new bool[numEnvs];
        _lastMonths = new int[numEnvs];
        for (var i = 0; i < numEnvs; i++)
            _rngs[i] = new AgentRandom(i);
    }

    /// <inheritdoc />
    public int NumEnvs { get; }

    /// <inheritdoc />
    public int ObservationSize => Features;

    /// <inheritdoc />
    public int ActionCount { get; }

    /// <summary>Monthly decisions per patient.</summary>
    public int Horizon { get; }

    /// <summary>Factor applied to the model's reward.</summary>
    public double RewardScale { get; }

    /// <summary>The model's actions (dose_0.0 ... dose_1.0); the action index is the dose times 10.</summary>
    public ActionSet Actions => _model.Actions;

    /// <summary>[W, M] per slot after the last <see cref="Step"/>, before any auto-reset (the terminal state of a finished episode).</summary>
    public ReadOnlySpan<double> LastStates => _lastStates;

    /// <summary>Per slot: whether the patient died in the last <see cref="Step"/>.</summary>
    public ReadOnlySpan<bool> LastDied => _lastDied;

    /// <summary>Per slot: months completed by the patient of the last <see cref="Step"/>, including that month.</summary>
    public ReadOnlySpan<int> LastMonths => _lastMonths;

    /// <inheritdoc />
    public void Reset(ReadOnlySpan<long> seeds, Span<float> observations, Span<bool> actionMask)
    {
        CheckLength(seeds.Length, NumEnvs, nameof(seeds));
        for (var i = 0; i < NumEnvs; i++)
        {
            _rngs[i] = new AgentRandom(seeds[i]);
            Start(i, ZhaoPatient.Draw(_rngs[i]));
            Write(i, observations, actionMask);
        }
    }

    /// <summary>
    /// Starts slot i on <paramref name="patients"/>[i] (an evaluation cohort); later auto-resets draw from a
    /// generator seeded by the patient's noise seed.
    /// </summary>
    public void ResetPatients(ReadOnlySpan<ZhaoPatient> patients, Span<float> observations, Span<bool> actionMask)
    {
        CheckLength(patients.Length, NumEnvs, nameof(patients));
        for (var i = 0; i < NumEnvs; i++)
        {
            patients[i].Parameters.Validate($"patient {i}");
            _rngs[i] = new AgentRandom(unchecked((long)patients[i].NoiseSeed));
            Start(i, patients[i]);
            Write(i, observations, actionMask);
        }
    }

    /// <inheritdoc />
    public void Step(ReadOnlySpan<int> actions, Span<float> nextObs, Span<float> rewards, Span<float> costs, Span<bool> dones, Span<bool> actionMask)
    {
        CheckLength(actions.Length, NumEnvs, nameof(actions));
        Span<double> before = stackalloc double[StateSize];
        for (var i = 0; i < NumEnvs; i++)
        {
            var action = actions[i];
            if ((uint)action >= (uint)ActionCount)
                throw new ArgumentOutOfRangeException(nameof(actions), action, $"Slot {i}: action must be in [0, {ActionCount}).");
            var state = _states.AsSpan(i * StateSize, StateSize);
            ref readonly var p = ref _parameters[i];
            var month = _months[i];
            var deathProbability = ZhaoMonth.Advance(p, action, month, state, before);
            var died = CounterRandom.Uniform(_noiseSeeds[i], CounterRandom.ExperimentStream, (ulong)month) < deathProbability;
            rewards[i] = (float)(RewardScale * _model.Reward(p, before, state, died));
            costs[i] = (float)_model.Cost(p, before, state);
            _lastStates[2 * i] = state[ZhaoChemotherapyModel.W];
            _lastStates[2 * i + 1] = state[ZhaoChemotherapyModel.M];
            _lastDied[i] = died;
            _lastMonths[i] = month + 1;
            _months[i] = month + 1;
            dones[i] = died || _months[i] >= Horizon;
            if (dones[i])
                Start(i, ZhaoPatient.Draw(_rngs[i]));
            Write(i, nextObs, actionMask);
        }
    }

    private void Start(int i, ZhaoPatient patient)
    {
        _parameters[i] = patient.Parameters;
        _noiseSeeds[i] = patient.NoiseSeed;
        _model.InitialState(_parameters[i], _states.AsSpan(i * StateSize, StateSize));
        _months[i] = 0;
    }

    private void Write(int i, Span<float> observations, Span<bool> actionMask)
    {
        var row = observations.Slice(i * Features, Features);
        var state = _states.AsSpan(i * StateSize, StateSize);
        row[0] = (float)state[ZhaoChemotherapyModel.W];
        row[1] = (float)state[ZhaoChemotherapyModel.M];
        row[2] = (float)_parameters[i].W0;
        row[3] = (float)_parameters[i].M0;
        row[4] = (float)_months[i] / Horizon;
        actionMask.Slice(i * ActionCount, ActionCount).Fill(true);
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
            throw new ArgumentException($"Expected {expected} values (one per environment), got {actual}.", name);
    }
}
