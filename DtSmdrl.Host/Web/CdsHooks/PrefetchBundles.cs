using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace DtSmdrl.Host.Web.CdsHooks;

/// <summary>
/// What an EHR sends for this service's prefetch templates (<see cref="CdsServiceCatalog.Prefetch"/>), built from
/// one patient's FHIR resources: the Patient, and one searchset Bundle per other key, with references by
/// "Patient/{id}". The benchmark and the tests play the EHR with it.
/// </summary>
public static class PrefetchBundles
{
    /// <summary>Points subjects that refer to the patient's "urn:uuid:{id}" (as our bundle writer writes them) at "Patient/{id}".</summary>
    public static void ReferToPatient(IEnumerable<Resource> resources, Patient patient)
    {
        var reference = "Patient/" + patient.Id;
        var inBundle = "urn:uuid:" + patient.Id;
        foreach (var resource in resources)
        {
            var subject = resource switch
            {
                Observation o => o.Subject,
                Condition c => c.Subject,
                MedicationAdministration m => m.Subject,
                DocumentReference d => d.Subject,
                List l => l.Subject,
                _ => null,
            };
            if (subject is not null && subject.Reference == inBundle) subject.Reference = reference;
        }
    }

    /// <summary>The prefetch object: the Patient and a searchset per template; <paramref name="fullUrl"/> names entries when given.</summary>
    public static JsonObject From(Patient patient, IReadOnlyList<Resource> resources, Func<Resource, string>? fullUrl = null)
    {
        JsonNode Search(IEnumerable<Resource> found) => JsonNode.Parse(new Bundle
        {
            Type = Bundle.BundleType.Searchset,
            Entry = found.Select(r => new Bundle.EntryComponent { FullUrl = fullUrl?.Invoke(r), Resource = r }).ToList(),
        }.ToJson())!;
        return new JsonObject
        {
            ["patient"] = JsonNode.Parse(patient.ToJson()),
            ["conditions"] = Search(resources.OfType<Condition>()),
            ["observations"] = Search(resources.OfType<Observation>()),
            ["medicationAdministrations"] = Search(resources.OfType<MedicationAdministration>()),
            ["medicationRequests"] = Search([]),
            ["medicationHistory"] = Search(resources.OfType<List>()),
            ["notes"] = Search(resources.OfType<DocumentReference>()),
        };
    }
}
