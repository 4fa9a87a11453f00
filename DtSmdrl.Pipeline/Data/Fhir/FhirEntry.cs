using Hl7.Fhir.Model;

namespace DtSmdrl.Pipeline.Data.Fhir;

/// <summary>A resource with where it came from: its bundle entry, the line it starts on, its fullUrl.</summary>
public sealed record FhirEntry(int Index, long Line, string? FullUrl, Resource Resource)
{
    /// <summary>"Observation/abc" for messages.</summary>
    public string Label => $"{Resource.TypeName}/{Resource.Id ?? "(no id)"}";
}
