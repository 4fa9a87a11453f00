using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Data.Records;

namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// A summary of one patient's retrospective (observational) first-line course, derived from the
/// patient's outcome observations: what the treating clinician gave first and what was seen.
/// </summary>
/// <param name="PatientId">Patient identifier.</param>
/// <param name="Group">The patient's guideline biomarker group from the observed record.</param>
/// <param name="FirstRegimen">Name of the first regimen given.</param>
/// <param name="ObjectiveResponse">RECIST best overall response CR or PR on the observed scans.</param>
/// <param name="SevereToxicity">A severe toxicity event was recorded.</param>
public sealed record RetrospectiveCourse(
    string PatientId,
    GuidelineGroup Group,
    string FirstRegimen,
    bool ObjectiveResponse,
    bool SevereToxicity)
{
    /// <summary>
    /// The course as the record holds it (outcomes.jsonl, in cycle order: baseline, then one observation per cycle given:
    /// treatment, ANC, scans, adverse events); empty when only the summary is known. The learned twin prior fits the
    /// particle posterior to it (Twin/Prior/).
    /// </summary>
    public IReadOnlyList<OutcomeObservation> Observations { get; init; } = [];
}
