using DtSmdrl.Pipeline.Evaluation;

namespace DtSmdrl.Pipeline.Study.Truth;

/// <summary>
/// The perfect-information planner's choice for one patient and one utility (metrics.md, "Reference values per
/// patient"): the plan chosen on the oracle replicates, valued on the evaluation replicates.
/// </summary>
/// <param name="Utility">The Q-TWiST weights the plan was chosen and valued with.</param>
/// <param name="Plan">Index into the plan library.</param>
/// <param name="SevereProbability">Share of the oracle replicates with a severe event under the plan.</param>
/// <param name="WithinLimit">Whether that probability is within the limit (false: no plan was, the least risky was taken).</param>
/// <param name="SafePlans">Plans of the library within the limit.</param>
/// <param name="OracleValue">The plan's mean J over the oracle replicates (what it was chosen by).</param>
/// <param name="Days">The plan's mean Q-TWiST day counts over the evaluation replicates.</param>
/// <param name="HoldDays">No treatment's mean day counts over the same evaluation replicates.</param>
public sealed record PerfectInformationChoice(
    QtwistUtility Utility,
    int Plan,
    double SevereProbability,
    bool WithinLimit,
    int SafePlans,
    double OracleValue,
    QtwistDays Days,
    QtwistDays HoldDays)
{
    /// <summary>V*: the chosen plan's mean J over the evaluation replicates.</summary>
    public double Value => Utility.Value(Days);

    /// <summary>V_hold: no treatment's mean J over the evaluation replicates.</summary>
    public double HoldValue => Utility.Value(HoldDays);
}
