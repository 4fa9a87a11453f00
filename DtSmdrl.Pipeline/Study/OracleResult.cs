namespace DtSmdrl.Pipeline.Study;

/// <summary>The oracle's answer for one true twin (metrics.md "Oracle value J*").</summary>
/// <param name="BestPlan">Index into the plan library of the plan that reaches J*.</param>
/// <param name="Value">J*: the best episode value among plans with no severe toxicity event, or the best overall when none is safe.</param>
/// <param name="Safe">True when <see cref="BestPlan"/> has no severe toxicity event.</param>
/// <param name="SafePlans">How many library plans had no severe toxicity event.</param>
public sealed record OracleResult(int BestPlan, double Value, bool Safe, int SafePlans);
