namespace DtSmdrl.Pipeline.Twin.Calibration;

/// <summary>One row of the calibration table: a published trial result next to its simulation.</summary>
/// <param name="Trial">Trial or source.</param>
/// <param name="Population">Inclusion criteria simulated.</param>
/// <param name="Arm">Arm.</param>
/// <param name="PublishedOrr">Published ORR as a fraction, when the row has one.</param>
/// <param name="PublishedPfsMonths">Published median PFS, months, when the row has one.</param>
/// <param name="PublishedOther">Other published figures (HR, toxicity), free text.</param>
/// <param name="SimulatedOrr">Simulated ORR, fraction.</param>
/// <param name="SimulatedPfsMonths">Simulated KM median PFS, months (NaN = not reached).</param>
/// <param name="SimulatedOther">Other simulated figures, free text.</param>
/// <param name="Criterion">What the row is checked against.</param>
/// <param name="Passed">Whether the simulation meets the criterion.</param>
/// <param name="Reason">Why it failed (empty when it passed).</param>
public sealed record CalibrationRow(
    string Trial,
    string Population,
    string Arm,
    double? PublishedOrr,
    double? PublishedPfsMonths,
    string PublishedOther,
    double SimulatedOrr,
    double SimulatedPfsMonths,
    string SimulatedOther,
    string Criterion,
    bool Passed,
    string Reason);
