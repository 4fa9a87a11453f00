namespace DtSmdrl.Pipeline.Study.Example;

/// <summary>Settings of the example-patient figure.</summary>
public sealed record ExamplePatientOptions
{
    /// <summary>Twin samples from the patient's biomarker-conditioned prior that the bands are over.</summary>
    public int Samples { get; init; } = 64;

    /// <summary>Samples the DT-SMDRL recommendation rolls out on (its forecast samples, a separate draw).</summary>
    public int ForecastSamples { get; init; } = 32;

    /// <summary>Throws naming the field when a setting is invalid.</summary>
    public void Validate()
    {
        if (Samples < 2) throw new ArgumentOutOfRangeException(nameof(Samples), Samples, "Need at least 2 twin samples for bands.");
        if (ForecastSamples < 1) throw new ArgumentOutOfRangeException(nameof(ForecastSamples), ForecastSamples, "Need at least 1 forecast sample.");
    }
}
