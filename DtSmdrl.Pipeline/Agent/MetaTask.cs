namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// One meta-learning task: a factory for a fresh batch of environments (e.g. one patient's personalised twin,
/// one environment per posterior sample), and optionally how to score a policy on it.
/// </summary>
/// <param name="Id">Name for logs (e.g. the patient id).</param>
/// <param name="CreateEnvironment">Creates a fresh vector environment for the task; called once per inner loop and per evaluation.</param>
public sealed record MetaTask(string Id, Func<IVectorEnv> CreateEnvironment)
{
    /// <summary>Group id per environment for the grouped CVaR constraint; null = one group.</summary>
    public int[]? EnvGroups { get; init; }

    /// <summary>
    /// Scores a policy on this task, higher is better (e.g. its value on the patient's true twin). Null uses the
    /// mean greedy return on a fresh environment from <see cref="CreateEnvironment"/>.
    /// </summary>
    public Func<PpoPolicy, double>? Evaluate { get; init; }
}
