namespace DtSmdrl.Pipeline.Study.Example;

/// <summary>Settings of the example-patient figure.</summary>
public sealed record ExamplePatientOptions
{
    /// <summary>Twin samples from the patient's biomarker-conditioned prior that the bands are over.</summary>
    public int Samples { get; init; } = 64;

    /// <summary>Throws naming the field when a setting is invalid.</summary>
    public void Validate()
    {
        if (Samples < 2) throw new ArgumentOutOfRangeException(nameof(Samples), Samples, "Need at least 2 twin samples for bands.");
    }
}
