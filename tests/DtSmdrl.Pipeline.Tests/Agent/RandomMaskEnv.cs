using DtSmdrl.Pipeline.Agent;

namespace DtSmdrl.Pipeline.Tests.Agent;

/// <summary>
/// One-step episodes with 6 actions, a random non-empty subset allowed each time (from its own seeded
/// generator); the reward favours action 5, which is often masked. Counts actions taken while masked.
/// </summary>
internal sealed class RandomMaskEnv(int numEnvs, long seed) : IVectorEnv
{
    private readonly AgentRandom _rng = new(seed);
    private readonly bool[] _allowed = new bool[numEnvs * 6];

    public int NumEnvs => numEnvs;
    public int ObservationSize => 6;
    public int ActionCount => 6;
    public long Decisions { get; private set; }
    public long MaskedActionsTaken { get; private set; }

    public void Reset(ReadOnlySpan<long> seeds, Span<float> observations, Span<bool> actionMask)
    {
        for (var i = 0; i < numEnvs; i++)
            Draw(i, observations, actionMask);
    }

    public void Step(ReadOnlySpan<int> actions, Span<float> nextObs, Span<float> rewards, Span<float> costs, Span<bool> dones, Span<bool> actionMask)
    {
        for (var i = 0; i < numEnvs; i++)
        {
            Decisions++;
            if (!_allowed[i * 6 + actions[i]])
                MaskedActionsTaken++;
            rewards[i] = actions[i] == 5 ? 1 : 0;
            costs[i] = 0;
            dones[i] = true;
            Draw(i, nextObs, actionMask);
        }
    }

    private void Draw(int i, Span<float> observations, Span<bool> actionMask)
    {
        var any = false;
        for (var a = 0; a < 6; a++)
        {
            _allowed[i * 6 + a] = _rng.NextDouble() < 0.4;
            any |= _allowed[i * 6 + a];
        }
        if (!any)
            _allowed[i * 6 + _rng.NextInt(6)] = true;
        for (var a = 0; a < 6; a++)
        {
            actionMask[i * 6 + a] = _allowed[i * 6 + a];
            observations[i * 6 + a] = _allowed[i * 6 + a] ? 1 : 0;
        }
    }
}
