using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation;

namespace DtSmdrl.Pipeline.Study.Truth;

/// <summary>
/// Everything the perfect-information search depends on besides the patient: a planner built from these settings gives
/// the same result for the same <see cref="EvaluationTruth"/> in any process.
/// </summary>
/// <param name="Environment">Episode settings; the plan library is the one of its actions and cycles.</param>
/// <param name="OracleReplicates">R_o, the replicates the plan is chosen on.</param>
/// <param name="EvaluationReplicates">R, the replicates the chosen plan is valued on.</param>
/// <param name="Utilities">The utilities a plan is chosen for (the study's first, then the sensitivity grid).</param>
/// <param name="SevereEventLimit">The severe-event probability limit.</param>
public sealed record PerfectInformationSettings(
    TwinEnvironmentOptions Environment,
    int OracleReplicates,
    int EvaluationReplicates,
    IReadOnlyList<QtwistUtility> Utilities,
    double SevereEventLimit)
{
    /// <summary>The study's search: its utility and the sensitivity grid, its replicate counts and limit.</summary>
    public static PerfectInformationSettings For(StudyRunOptions options) => new(options.Environment, options.OracleReplicates,
        options.Replicates, [options.Utility, .. QtwistUtility.SensitivityGrid], options.SevereEventLimit);

    /// <summary>A planner of these settings (it owns its simulators: one per thread).</summary>
    public PerfectInformationPlanner CreatePlanner() => new(new PlanLibrary(Environment.Simulation.Actions, Environment.Cycles),
        Environment, OracleReplicates, EvaluationReplicates, Utilities, SevereEventLimit);
}
