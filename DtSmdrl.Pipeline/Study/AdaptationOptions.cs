namespace DtSmdrl.Pipeline.Study;

/// <summary>Settings of the adaptation-speed measurement (metrics.md "Adaptation speed").</summary>
public sealed record AdaptationOptions
{
    /// <summary>Test patients measured (spread evenly over the test split); 0 switches the measurement off.</summary>
    public int Patients { get; init; } = 30;

    /// <summary>Adaptation budget K: updates tried per patient and initialisation.</summary>
    public int MaxUpdates { get; init; } = 8;

    /// <summary>Share of the patient's oracle value that counts as adapted.</summary>
    public double Fraction { get; init; } = 0.9;

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        if (Patients < 0) throw new ArgumentException($"AdaptationOptions.Patients = {Patients} must be >= 0.");
        if (MaxUpdates < 1) throw new ArgumentException($"AdaptationOptions.MaxUpdates = {MaxUpdates} must be >= 1.");
        if (Fraction is <= 0 or > 1) throw new ArgumentException($"AdaptationOptions.Fraction = {Fraction} must be in (0, 1].");
    }
}
