using DtSmdrl.Pipeline.Evaluation;

namespace DtSmdrl.Pipeline.Study.Truth;

/// <summary>
/// The perfect-information continuation from one true state (metrics.md, "Adaptation speed"): the remaining block plan
/// chosen on oracle replicates from that state, and what it and no treatment give from there on the state's own dice.
/// </summary>
/// <param name="Cycle">The decision point: cycles already given.</param>
/// <param name="Actions">The chosen plan's action for every remaining cycle.</param>
/// <param name="SevereProbability">Share of the oracle replicates with a severe event over the whole episode (events already happened count); NaN when the patient had died.</param>
/// <param name="WithinLimit">Whether that probability is within the limit (false: no remaining plan was, the least risky was taken).</param>
/// <param name="Days">The chosen plan's Q-TWiST day counts from the decision point on, on the state's dice.</param>
/// <param name="HoldDays">No treatment's day counts from the decision point on, on the same dice.</param>
public sealed record ContinuationChoice(
    int Cycle,
    int[] Actions,
    double SevereProbability,
    bool WithinLimit,
    QtwistDays Days,
    QtwistDays HoldDays);
