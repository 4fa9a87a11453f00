namespace DtSmdrl.Pipeline.Study;

/// <summary>Settings of the adaptation-speed measurement (metrics.md version 2, "Adaptation speed", in observed scans).</summary>
public sealed record AdaptationOptions
{
    /// <summary>Test patients measured (spread evenly over the test split); 0 switches the measurement off.</summary>
    public int Patients { get; init; } = 30;

    /// <summary>Largest number of observed scans k measured (k = 0 .. this); decision point after k scans = cycle k x scan interval.</summary>
    public int MaxScans { get; init; } = 3;

    /// <summary>Share of the perfect-information continuation's gain that counts as adapted (metrics.md: 90%).</summary>
    public double Fraction { get; init; } = 0.9;

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        if (Patients < 0) throw new ArgumentException($"AdaptationOptions.Patients = {Patients} must be >= 0.");
        if (MaxScans < 0) throw new ArgumentException($"AdaptationOptions.MaxScans = {MaxScans} must be >= 0.");
        if (Fraction is <= 0 or > 1) throw new ArgumentException($"AdaptationOptions.Fraction = {Fraction} must be in (0, 1].");
    }
}
