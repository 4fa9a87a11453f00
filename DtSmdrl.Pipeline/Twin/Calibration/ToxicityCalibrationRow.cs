namespace DtSmdrl.Pipeline.Twin.Calibration;

/// <summary>
/// One row of the toxicity calibration table: the published share of patients with any grade >= 3
/// treatment-related adverse event over the course next to the simulated share.
/// </summary>
/// <param name="Trial">Trial.</param>
/// <param name="Population">Population simulated.</param>
/// <param name="Arm">Arm.</param>
/// <param name="Published">Published share with a grade >= 3 treatment-related event, fraction.</param>
/// <param name="PublishedDefinition">What the trial counted (e.g. "grade 3-5 TRAE").</param>
/// <param name="Simulated">Simulated share with a grade >= 3 event before the course ended (progression, death or follow-up end), fraction.</param>
/// <param name="Neutropenia">Simulated share with grade >= 3 neutropenia (part of <paramref name="Simulated"/>).</param>
/// <param name="ImmuneEvents">Simulated share with a grade >= 3 irAE.</param>
/// <param name="TargetedEvents">Simulated share with a grade >= 3 targeted-therapy event.</param>
/// <param name="Tolerance">Allowed |simulated - published|, fraction.</param>
/// <param name="Passed">Whether the simulation is within the tolerance.</param>
/// <param name="Reason">Why it failed (empty when it passed).</param>
public sealed record ToxicityCalibrationRow(
    string Trial,
    string Population,
    string Arm,
    double Published,
    string PublishedDefinition,
    double Simulated,
    double Neutropenia,
    double ImmuneEvents,
    double TargetedEvents,
    double Tolerance,
    bool Passed,
    string Reason);
