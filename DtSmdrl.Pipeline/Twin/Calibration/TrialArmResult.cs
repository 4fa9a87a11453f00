namespace DtSmdrl.Pipeline.Twin.Calibration;

/// <summary>Outcome of one simulated trial arm.</summary>
/// <param name="Arm">Standard-of-care policy.</param>
/// <param name="Patients">Virtual patients.</param>
/// <param name="Orr">Objective response rate (best overall response CR or PR), fraction.</param>
/// <param name="PfsMedianMonths">Kaplan-Meier median PFS, months (NaN = not reached).</param>
/// <param name="Grade3PlusToxicity">Share with any grade >= 3 event: neutropenia, an irAE or a targeted-therapy event.</param>
/// <param name="SevereToxicity">Share with a severe toxicity event (grade 4 neutropenia, a grade >= 3 irAE or targeted-therapy event).</param>
/// <param name="OsMedianMonths">Kaplan-Meier median overall survival, months (NaN = not reached or not tracked).</param>
/// <param name="Grade3Neutropenia">Share with grade >= 3 neutropenia.</param>
/// <param name="ImmuneEvents">Share with a grade >= 3 irAE.</param>
/// <param name="TargetedEvents">Share with a grade >= 3 targeted-therapy event.</param>
/// <param name="PfsDays">Per-patient PFS time, days.</param>
/// <param name="PfsEvents">Per-patient PFS event flag (false = censored).</param>
public sealed record TrialArmResult(
    StandardOfCare Arm,
    int Patients,
    double Orr,
    double PfsMedianMonths,
    double Grade3PlusToxicity,
    double SevereToxicity,
    double OsMedianMonths,
    double Grade3Neutropenia,
    double ImmuneEvents,
    double TargetedEvents,
    double[] PfsDays,
    bool[] PfsEvents);
