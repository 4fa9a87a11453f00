using DtSmdrl.Pipeline.Evaluation;

namespace DtSmdrl.Pipeline.Study.Truth;

/// <summary>What the perfect-information planner found for one test patient.</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="PlanDays">Per library plan, the mean Q-TWiST day counts over the oracle replicates.</param>
/// <param name="PlanSevereProbability">Per library plan, the share of oracle replicates with a severe event.</param>
/// <param name="Choices">One choice per utility the planner was asked for.</param>
/// <param name="Seconds">Wall time of this patient's search and valuation on one thread.</param>
public sealed record PerfectInformationResult(
    string PatientId,
    QtwistDays[] PlanDays,
    double[] PlanSevereProbability,
    IReadOnlyList<PerfectInformationChoice> Choices,
    double Seconds)
{
    /// <summary>The choice made for <paramref name="utility"/>.</summary>
    public PerfectInformationChoice For(QtwistUtility utility) =>
        Choices.FirstOrDefault(c => c.Utility == utility)
        ?? throw new KeyNotFoundException($"Patient {PatientId}: the planner made no choice for u_TOX = {utility.Toxicity}, u_REL = {utility.Relapse}.");
}
