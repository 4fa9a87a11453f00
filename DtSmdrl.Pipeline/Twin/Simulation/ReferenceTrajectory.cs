namespace DtSmdrl.Pipeline.Twin.Simulation;

/// <summary>
/// Result of <see cref="ReferenceSimulator"/>: the state at every decision boundary and each
/// decision's reward, cost and death probability.
/// </summary>
/// <param name="States">States[k] is the state after k decisions (States[0] is the initial state).</param>
/// <param name="Rewards">Reward of each decision interval that was simulated.</param>
/// <param name="Costs">Cost of each decision interval that was simulated.</param>
/// <param name="DeathProbabilities">Model death probability of each interval.</param>
/// <param name="DeathInterval">Index of the interval in which the patient died, or -1.</param>
public sealed record ReferenceTrajectory(
    IReadOnlyList<double[]> States,
    IReadOnlyList<double> Rewards,
    IReadOnlyList<double> Costs,
    IReadOnlyList<double> DeathProbabilities,
    int DeathInterval);
