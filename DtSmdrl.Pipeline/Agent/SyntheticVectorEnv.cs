namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// A cheap stand-in environment for benchmarks and smoke runs (not a model of anything): Gaussian observations,
/// fixed-length episodes, reward = the observation feature the action points at, cost 1 when the last action is
/// taken, and the last action masked on every other step so masking is exercised. Allocation-free per step.
/// </summary>
public sealed class SyntheticVectorEnv : IVectorEnv
{
    private readonly AgentRandom[] _rngs;
    private readonly int[] _time;

    /// <summary>Creates the environments.</summary>
    public SyntheticVectorEnv(int numEnvs, int observationSize, int actionCount, int episodeLength = 8)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numEnvs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(observationSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodeLength);
        (NumEnvs, ObservationSize, ActionCount, EpisodeLength) = (numEnvs, observationSize, actionCount, episodeLength);
        _rngs = new AgentRandom[numEnvs];
        _time = new int[numEnvs];
        for (var i = 0; i < numEnvs; i++)
            _rngs[i] = new AgentRandom(i);
    }

    /// <inheritdoc />
    public int NumEnvs { get; }
    /// <inheritdoc />
    public int ObservationSize { get; }
    /// <inheritdoc />
    public int ActionCount { get; }
    /// <summary>Steps per episode.</summary>
    public int EpisodeLength { get; }

    /// <inheritdoc />
    public void Reset(ReadOnlySpan<long> seeds, Span<float> observations, Span<bool> actionMask)
    {
        for (var i = 0; i < NumEnvs; i++)
        {
            _rngs[i] = new AgentRandom(seeds[i]);
            _time[i] = 0;
            Write(i, observations, actionMask);
        }
    }

    /// <inheritdoc />
    public void Step(ReadOnlySpan<int> actions, Span<float> nextObs, Span<float> rewards, Span<float> costs, Span<bool> dones, Span<bool> actionMask)
    {
        for (var i = 0; i < NumEnvs; i++)
        {
            rewards[i] = nextObs[i * ObservationSize + actions[i] % ObservationSize];
            costs[i] = actions[i] == ActionCount - 1 ? 1 : 0;
            _time[i]++;
            dones[i] = _time[i] >= EpisodeLength;
            if (dones[i])
                _time[i] = 0;
            Write(i, nextObs, actionMask);
        }
    }

    private void Write(int i, Span<float> observations, Span<bool> actionMask)
    {
        var row = observations.Slice(i * ObservationSize, ObservationSize);
        for (var j = 0; j < row.Length; j++)
            row[j] = (float)_rngs[i].NextGaussian();
        var mask = actionMask.Slice(i * ActionCount, ActionCount);
        mask.Fill(true);
        mask[ActionCount - 1] = _time[i] % 2 == 0;
    }
}
