namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// A batch of <see cref="NumEnvs"/> independent environments with discrete actions, stepped together
/// (gym/CleanRL vector-env style). The agent owns every buffer; an implementation writes into them and
/// allocates nothing per step.
/// </summary>
/// <remarks>
/// Layouts are row-major by environment: observations are <c>NumEnvs * ObservationSize</c>, action masks
/// <c>NumEnvs * ActionCount</c> (true = the action is allowed; every row must allow at least one action).
/// Auto-reset: when environment i finishes an episode in <see cref="Step"/>, <c>dones[i]</c> is true,
/// <c>rewards[i]</c>/<c>costs[i]</c> belong to the finished episode's last step, and <c>nextObs</c>/<c>actionMask</c>
/// row i already hold the first observation of the next episode. A done is a true terminal: the agent does
/// not bootstrap past it, so a fixed treatment horizon must be part of the MDP (e.g. the cycle index in the
/// observation), as it is for the twin.
/// </remarks>
public interface IVectorEnv
{
    /// <summary>Number of environments stepped together.</summary>
    int NumEnvs { get; }

    /// <summary>Length of one environment's observation vector.</summary>
    int ObservationSize { get; }

    /// <summary>Number of discrete actions; action 0 is "hold" (the safe fallback).</summary>
    int ActionCount { get; }

    /// <summary>Starts a new episode in every environment, environment i seeded with <paramref name="seeds"/>[i].</summary>
    void Reset(ReadOnlySpan<long> seeds, Span<float> observations, Span<bool> actionMask);

    /// <summary>Applies one action per environment and writes the outcome (see the type remarks for auto-reset).</summary>
    void Step(ReadOnlySpan<int> actions, Span<float> nextObs, Span<float> rewards, Span<float> costs, Span<bool> dones, Span<bool> actionMask);
}
