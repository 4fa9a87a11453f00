namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// One (arm, scans observed, patient, replicate) point of the adaptation-speed measurement: quality-adjusted days from the
/// decision point after <paramref name="Scans"/> scans to the end of follow-up, on the replicate's evaluation dice.
/// </summary>
/// <param name="Arm">The arm's display name.</param>
/// <param name="Scans">Scans observed before the decision point (k).</param>
/// <param name="Cycle">The decision point's cycle.</param>
/// <param name="PatientId">The test patient.</param>
/// <param name="Replicate">The evaluation replicate.</param>
/// <param name="ArmValue">J of the arm's own episode from the decision point on.</param>
/// <param name="PerfectValue">J of the perfect-information continuation from the state the arm reached.</param>
/// <param name="HoldValue">J of no treatment from that state.</param>
/// <param name="PerfectWithinLimit">Whether the continuation's plan was within the severe-event limit.</param>
public sealed record ContinuationRecord(
    string Arm,
    int Scans,
    int Cycle,
    string PatientId,
    int Replicate,
    double ArmValue,
    double PerfectValue,
    double HoldValue,
    bool PerfectWithinLimit);
