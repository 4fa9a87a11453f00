namespace DtSmdrl.Pipeline.Twin.Calibration;

/// <summary>Outcome of one simulated trial arm.</summary>
/// <param name="Arm">Standard-of-care policy.</param>
/// <param name="Patients">Virtual patients.</param>
/// <param name="Orr">Objective response rate (best overall response CR or PR), fraction.</param>
/// <param name="PfsMedianMonths">Kaplan-Meier median PFS, months (NaN = not reached).</param>
/// <param name="Grade3PlusToxicity">Share with grade >= 3 neutropenia or a grade >= 3 irAE.</param>
/// <param name="SevereToxicity">Share with a severe toxicity event (grade 4 neutropenia or grade >= 3 irAE).</param>
/// <param name="OsMedianMonths">Kaplan-Meier median overall survival, months (NaN = not reached or not tracked).</param>
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
    double[] PfsDays,
    bool[] PfsEvents);
