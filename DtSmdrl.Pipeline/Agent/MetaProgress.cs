namespace DtSmdrl.Pipeline.Agent;

/// <summary>Diagnostics of one Reptile outer step.</summary>
/// <param name="Iteration">1-based outer iteration.</param>
/// <param name="Iterations">Outer iterations in the run.</param>
/// <param name="MetaStepSize">Epsilon used in this step.</param>
/// <param name="MeanInnerReturn">Mean episode return over the inner loops' last updates (NaN if no episode finished).</param>
/// <param name="MeanInnerCost">Mean episode cost over the same episodes.</param>
/// <param name="Lambda">The meta-level Lagrange multiplier after this step.</param>
/// <param name="TaskIds">The tasks sampled in this step.</param>
public sealed record MetaProgress(int Iteration, int Iterations, double MetaStepSize, double MeanInnerReturn, double MeanInnerCost, double Lambda, IReadOnlyList<string> TaskIds);
