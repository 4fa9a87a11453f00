namespace DtSmdrl.Pipeline.Data.Fhir;

/// <summary>The records of the accepted bundles and every issue of every bundle.</summary>
public sealed class FhirImportResult
{
    public required string Path { get; init; }

    public required int Bundles { get; init; }

    /// <summary>Bundles with at least one error: nothing of them is accepted.</summary>
    public required int RejectedBundles { get; init; }

    public required IReadOnlyList<Records.PatientRecord> Accepted { get; init; }

    public required IReadOnlyList<FhirIssue> Issues { get; init; }

    public int Errors => Issues.Count(i => i.IsError);

    public int NotMapped => Issues.Count(i => !i.IsError);

    public string Summary =>
        $"{Path}: {Bundles} bundle(s), {Bundles - RejectedBundles} accepted, {RejectedBundles} rejected; {Accepted.Count} patient record(s); {Errors} error(s), {NotMapped} not mapped";
}
