using DtSmdrl.Pipeline.Agent.Arms;

namespace DtSmdrl.Pipeline.Study;

/// <summary>One test patient's adaptation from one initialisation, evaluated on the patient's TRUE twin.</summary>
/// <param name="Initialisation">Where the policy started.</param>
/// <param name="PatientId">The test patient.</param>
/// <param name="OracleValue">V* of the patient (the perfect-information planner, valued on the same evaluation replicates).</param>
/// <param name="Values">J of the greedy (shielded, as deployed) policy after 0, 1, ..., K updates.</param>
/// <param name="EpisodesPerUpdate">Twin episodes each adaptation update consumed.</param>
/// <param name="UpdatesToReach">Fewest updates reaching 90% of J* (metrics.md); null if not within K.</param>
public sealed record AdaptationCurve(
    InitialisationKind Initialisation,
    string PatientId,
    double OracleValue,
    IReadOnlyList<double> Values,
    IReadOnlyList<int> EpisodesPerUpdate,
    int? UpdatesToReach)
{
    /// <summary>Twin episodes consumed before <see cref="UpdatesToReach"/> was reached (null if never).</summary>
    public int? EpisodesToReach => UpdatesToReach is { } k ? EpisodesPerUpdate.Take(k).Sum() : null;
}
