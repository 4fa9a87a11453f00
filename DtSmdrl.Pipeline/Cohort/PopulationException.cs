namespace DtSmdrl.Pipeline.Cohort;

/// <summary>A population value that cannot drive the generator: the JSON path of the field and why.</summary>
public sealed class PopulationException(string field, string reason) : ArgumentException($"population field {field}: {reason}")
{
    /// <summary>Dotted JSON path of the field, e.g. "latent.egfr_prevalence".</summary>
    public string Field { get; } = field;

    /// <summary>What is wrong, with the expected form.</summary>
    public string Reason { get; } = reason;
}
