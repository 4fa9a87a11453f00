using DtSmdrl.Pipeline.Agent;

namespace DtSmdrl.Pipeline.Tests.Agent;

/// <summary>
/// A family of one-step bandits with 4 arms: in task k arm k pays 1 and the others 0. The task parameter is
/// observed (one-hot k), so one policy can serve the whole family, which an initialisation can learn in advance.
/// </summary>
internal sealed class TaskBanditEnv(int numEnvs, int bestArm) : IVectorEnv
{
    public const int Arms = 4;

    public int NumEnvs => numEnvs;
    public int ObservationSize => Arms;
    public int ActionCount => Arms;

    public void Reset(ReadOnlySpan<long> seeds, Span<float> observations, Span<bool> actionMask) => Write(observations, actionMask);

    public void Step(ReadOnlySpan<int> actions, Span<float> nextObs, Span<float> rewards, Span<float> costs, Span<bool> dones, Span<bool> actionMask)
    {
        for (var i = 0; i < numEnvs; i++)
        {
            rewards[i] = actions[i] == bestArm ? 1 : 0;
            costs[i] = 0;
            dones[i] = true;
        }
        Write(nextObs, actionMask);
    }

    private void Write(Span<float> observations, Span<bool> actionMask)
    {
        observations.Clear();
        for (var i = 0; i < numEnvs; i++)
            observations[i * Arms + bestArm] = 1;
        actionMask.Fill(true);
    }
}
