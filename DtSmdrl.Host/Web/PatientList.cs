using System.Text.Json;
using DtSmdrl.Host.Options;
using DtSmdrl.Host.Storage;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Web;

/// <summary>One row of the patient list.</summary>
/// <param name="PatientId">Pseudonymous id.</param>
/// <param name="LastRegimen">First cycle of the latest recommendation's plan (null: none yet).</param>
/// <param name="LastRecommendedAtMs">When it was made.</param>
/// <param name="SevereToxicityProbability">Its P(severe toxicity) over the plan.</param>
/// <param name="TwinUpdatedAtMs">When the latest twin posterior was written (null: the twin is still the prior).</param>
/// <param name="LastObservedAtMs">Time of the latest outcome observation (null: none).</param>
/// <param name="DueForCycle">No observation for longer than one cycle.</param>
/// <param name="NewObservations">Observations stored after the latest twin update.</param>
/// <param name="ToxicityOverThreshold">Latest P(severe toxicity) over Web:SevereToxicityFlag.</param>
public sealed record PatientListRow(
    string PatientId, string? LastRegimen, long? LastRecommendedAtMs, double? SevereToxicityProbability, long? TwinUpdatedAtMs,
    long? LastObservedAtMs, bool DueForCycle, bool NewObservations, bool ToxicityOverThreshold);

/// <summary>The patient list: search by id, latest recommendation, twin freshness and the three flags.</summary>
public sealed class PatientList(Database database, IOptions<WebOptions> options)
{
    /// <summary>Most rows one page shows; the search narrows the rest.</summary>
    public const int PageSize = 200;

    private readonly WebOptions settings = options.Value;

    /// <summary>Patients whose id contains <paramref name="search"/> (case-insensitive), in id order, at most <see cref="PageSize"/>; and the total matching.</summary>
    public (IReadOnlyList<PatientListRow> Rows, long Total) Search(string? search)
    {
        var pattern = "%" + EscapeLike((search ?? "").Trim().ToLowerInvariant()) + "%";
        var now = database.NowMs;
        var dueAfterMs = settings.CycleDays * 86_400_000L;
        return database.Read(c =>
        {
            var fresh = ObservationStore.PatientsWithNewObservations(c).ToHashSet(StringComparer.Ordinal);
            var total = Sql.ToLong(c.Scalar("SELECT COUNT(*) FROM patients WHERE LOWER(patient_id) LIKE @q ESCAPE '\\'", ("@q", pattern)));
            var rows = c.Query(
                """
                SELECT p.patient_id,
                    (SELECT MAX(t.created_at) FROM twin_posteriors t WHERE t.patient_id = p.patient_id),
                    (SELECT MAX(o.observed_at) FROM observations o WHERE o.patient_id = p.patient_id),
                    r.created_at, r.plan_json, r.severe_toxicity_probability
                FROM patients p
                LEFT JOIN recommendations r ON r.id = (SELECT MAX(r2.id) FROM recommendations r2 WHERE r2.patient_id = p.patient_id)
                WHERE LOWER(p.patient_id) LIKE @q ESCAPE '\'
                ORDER BY p.patient_id LIMIT @n
                """,
                r =>
                {
                    var id = r.GetString(0);
                    var observed = r.NullableLong(2);
                    var toxicity = r.NullableDouble(5);
                    return new PatientListRow(id, r.IsDBNull(4) ? null : FirstRegimen(r.GetString(4)), r.NullableLong(3), toxicity, r.NullableLong(1), observed,
                        DueForCycle: observed is null || now - observed.Value > dueAfterMs,
                        NewObservations: fresh.Contains(id),
                        ToxicityOverThreshold: toxicity > settings.SevereToxicityFlag);
                },
                ("@q", pattern), ("@n", PageSize));
            return ((IReadOnlyList<PatientListRow>)rows, total);
        });
    }

    /// <summary>The first cycle's regimen of a stored plan (JSON array of {cycle, regimen}).</summary>
    public static string? FirstRegimen(string planJson)
    {
        using var document = JsonDocument.Parse(planJson);
        return document.RootElement.GetArrayLength() == 0 ? null : document.RootElement[0].GetProperty("regimen").GetString();
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
