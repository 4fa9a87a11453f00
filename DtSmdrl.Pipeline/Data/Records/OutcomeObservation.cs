namespace DtSmdrl.Pipeline.Data.Records;

/// <summary>
/// What was observed for a patient at one treatment cycle (schema outcome-observation.schema.json):
/// the closed loop feeds these back into the twin.
/// </summary>
public sealed record OutcomeObservation
{
    public string SchemaVersion { get; init; } = "1.0";

    public required string PatientId { get; init; }

    public required DateTimeOffset ObservedAt { get; init; }

    /// <summary>Treatment cycle the observation closes (1 = after the first cycle; 0 = baseline).</summary>
    public required int Cycle { get; init; }

    /// <summary>Target lesion diameters measured at this time, mm; null when no scan was taken.</summary>
    public IReadOnlyList<double>? LesionDiametersMm { get; init; }

    /// <summary>Blood tests at this time; null when none were drawn.</summary>
    public LabPanel? Labs { get; init; }

    /// <summary>Adverse events with their worst CTCAE v5 grade in the cycle.</summary>
    public IReadOnlyList<AdverseEvent> AdverseEvents { get; init; } = [];

    /// <summary>Regimen actually given in the cycle (<see cref="Catalogs.Regimens"/>).</summary>
    public required string TreatmentGiven { get; init; }

    /// <summary>Dose actually given as a fraction of the standard dose.</summary>
    public double DoseFraction { get; init; } = 1.0;

    /// <summary>Death during the cycle.</summary>
    public bool Died { get; init; }
}

/// <summary>An adverse event: CTCAE v5 term and grade 1-5.</summary>
public sealed record AdverseEvent(string CtcaeTerm, int Grade);
