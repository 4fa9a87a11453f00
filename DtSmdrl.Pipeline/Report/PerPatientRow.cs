namespace DtSmdrl.Pipeline.Report;

/// <summary>The fields of per_patient.csv the figures need.</summary>
public sealed record PerPatientRow(string Method, int SeedIndex, string PatientId, double StatedProbability, bool Responded, double PfsDays, bool PfsEvent)
{
    /// <summary>Reads per_patient.csv; a responder has best_response CR or PR (RECIST).</summary>
    public static IReadOnlyList<PerPatientRow> Read(string path)
    {
        var csv = StudyCsv.Read(path);
        return Enumerable.Range(0, csv.Rows.Count).Select(r => new PerPatientRow(
            csv.Text(r, "method"), (int)csv.Number(r, "seed_index"), csv.Text(r, "patient_id"),
            csv.Number(r, "stated_response_probability"),
            csv.Text(r, "best_response") is "CR" or "PR",
            csv.Number(r, "pfs_days"), csv.Number(r, "pfs_event") == 1)).ToList();
    }
}
