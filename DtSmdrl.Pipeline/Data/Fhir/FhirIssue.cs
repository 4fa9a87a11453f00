namespace DtSmdrl.Pipeline.Data.Fhir;

/// <summary>
/// One problem with one FHIR resource: where it is (file, line, bundle entry), which resource and
/// element, and why. An error keeps the bundle from being stored; a warning reports a resource or
/// element that was not mapped (nothing is dropped without a line saying so).
/// </summary>
/// <param name="File">The input file as given, or "prefetch" / "context" for CDS Hooks.</param>
/// <param name="Line">1-based line where the entry starts; 0 when unknown.</param>
/// <param name="Entry">0-based bundle entry index; -1 for the file or bundle itself.</param>
/// <param name="RecordId">The patient id when known.</param>
/// <param name="Resource">"Type/id" of the resource, or null.</param>
/// <param name="Element">FHIR element path, e.g. "Observation.valueQuantity.code"; "(bundle)" for the whole bundle.</param>
/// <param name="Reason">What is wrong, with the expected form.</param>
/// <param name="IsError">True: the bundle is rejected; false: reported and not mapped.</param>
public sealed record FhirIssue(string File, long Line, int Entry, string? RecordId, string? Resource, string Element, string Reason, bool IsError)
{
    public override string ToString() =>
        $"{File}:{Line}{(Entry >= 0 ? $" entry {Entry}" : "")}{(RecordId is null ? "" : $" record {RecordId}")}"
        + $"{(Resource is null ? "" : $" {Resource}")} element {Element}: {(IsError ? "error" : "not mapped")}: {Reason}";
}
