namespace DtSmdrl.Pipeline.Study.Example;

/// <summary>
/// One row of example_patient.csv: under one plan on one day, the SLD and ANC quantiles over the twin samples still
/// alive, the share of samples alive, and the true twin's SLD and ANC (NaN once the true twin has died).
/// </summary>
public sealed record TrajectoryBand(
    string PatientId,
    double ObservedSldMm,
    string Plan,
    string PlanActions,
    int Day,
    double SldP05,
    double SldP50,
    double SldP95,
    double AncP05,
    double AncP50,
    double AncP95,
    double AliveFraction,
    double TrueSld,
    double TrueAnc);
