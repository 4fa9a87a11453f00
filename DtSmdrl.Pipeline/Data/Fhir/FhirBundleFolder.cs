using System.Text;
using DtSmdrl.Pipeline.Data.Records;

namespace DtSmdrl.Pipeline.Data.Fhir;

/// <summary>Writes records as FHIR bundles, one file per patient ({patient_id}.json), for `dtsmdrl synth --fhir`.</summary>
public static class FhirBundleFolder
{
    /// <summary>Writes every record; returns the number of bundles.</summary>
    public static int Write(string folder, IEnumerable<PatientRecord> records)
    {
        Directory.CreateDirectory(folder);
        var count = 0;
        foreach (var record in records)
        {
            // Patient ids are [A-Za-z0-9._-]+ (the contract's pattern), safe as file names.
            File.WriteAllText(Path.Combine(folder, record.PatientId + ".json"), PatientRecordFhirWriter.ToJson(record), new UTF8Encoding(false));
            count++;
        }
        return count;
    }
}
