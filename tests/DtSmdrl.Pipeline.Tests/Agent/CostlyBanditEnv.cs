using DtSmdrl.Pipeline.Agent;

namespace DtSmdrl.Pipeline.Tests.Agent;

/// <summary>
/// One-step episodes, 2 actions: hold (0) pays 0 with cost 0; treat (1) pays 1 with cost 1. An unconstrained
/// agent learns to treat; a cost limit below 1 makes the constraint bind.
/// </summary>
internal sealed class CostlyBanditEnv(int numEnvs) : IVectorEnv
{
    public int NumEnvs => numEnvs;
    public int ObservationSize => 1;
    public int ActionCount => 2;

    public void Reset(ReadOnlySpan<long> seeds, Span<float> observations, Span<bool> actionMask)
    {
        observations.Fill(1);
        actionMask.Fill(true);
    }

    public void Step(ReadOnlySpan<int> actions, Span<float> nextObs, Span<float> rewards, Span<float> costs, Span<bool> dones, Span<bool> actionMask)
    {
        for (var i = 0; i < numEnvs; i++)
        {
            rewards[i] = actions[i];
            costs[i] = actions[i];
            dones[i] = true;
        }
        nextObs.Fill(1);
        actionMask.Fill(true);
    }
}
