namespace DtSmdrl.Pipeline.Env;

/// <summary>One step of <see cref="TwinEnvironment"/>.</summary>
/// <param name="Observation">Observation after the step (layout <see cref="TwinObservation"/>).</param>
/// <param name="Reward">Reward of the cycle (and the follow-up on the last step): quality-adjusted days (Q-TWiST).</param>
/// <param name="Cost">Toxicity cost of the cycle (and the follow-up on the last step).</param>
/// <param name="Done">The patient died or the episode's last cycle was taken.</param>
/// <param name="Info">Evaluation-only information, including the true state.</param>
public sealed record TwinStepResult(double[] Observation, double Reward, double Cost, bool Done, TwinStepInfo Info);

/// <summary>Evaluation-only information of a step (never shown to a policy).</summary>
/// <param name="Day">Day after the step.</param>
/// <param name="SevereToxicity">Severe toxicity event during the step.</param>
/// <param name="Died">Died during the step.</param>
/// <param name="Progressed">RECIST progression seen so far.</param>
/// <param name="TrueSld">True SLD, mm.</param>
/// <param name="TrueAnc">True ANC, 10^9/L.</param>
/// <param name="TrueState">The full true state vector (order <c>NsclcState.Names</c>).</param>
public sealed record TwinStepInfo(int Day, bool SevereToxicity, bool Died, bool Progressed, double TrueSld, double TrueAnc, double[] TrueState);
