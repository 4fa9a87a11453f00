using System.Data.Common;

namespace DtSmdrl.Host.Storage;

/// <summary>One version of a patient's twin posterior.</summary>
/// <param name="PatientId">Patient.</param>
/// <param name="Version">1, 2, ... per patient.</param>
/// <param name="LastObservationId">Highest observation id the posterior was conditioned on.</param>
/// <param name="ObservationCount">Observations conditioned on.</param>
/// <param name="Cycles">Treatment cycles covered by the history.</param>
/// <param name="Snapshot">The weighted particles.</param>
/// <param name="SummaryJson">Posterior means and intervals of key parameters (JSON object).</param>
/// <param name="CreatedAtMs">Unix milliseconds.</param>
public sealed record StoredPosterior(
    string PatientId, int Version, long LastObservationId, int ObservationCount, int Cycles,
    PosteriorSnapshot Snapshot, string SummaryJson, long CreatedAtMs);

/// <summary>The twin_posteriors table: append a new version per update, never overwrite.</summary>
public sealed class PosteriorStore(Database database)
{
    /// <summary>
    /// Appends the next version unless a version conditioned on the same observations exists (a re-run after a
    /// crash); returns the version written, or null when it was already there.
    /// </summary>
    public static int? Append(DbTransaction transaction, StoredPosterior posterior)
    {
        if (transaction.Scalar("SELECT version FROM twin_posteriors WHERE patient_id = @p AND last_observation_id = @o",
                ("@p", posterior.PatientId), ("@o", posterior.LastObservationId)) is not null)
            return null;
        var version = (int)Sql.ToLong(transaction.Scalar("SELECT MAX(version) FROM twin_posteriors WHERE patient_id = @p", ("@p", posterior.PatientId))) + 1;
        transaction.Execute(
            """
            INSERT INTO twin_posteriors (patient_id, version, last_observation_id, observation_count, cycles, posterior_json, summary_json, created_at)
            VALUES (@p, @v, @o, @n, @c, @json, @summary, @t)
            """,
            ("@p", posterior.PatientId), ("@v", version), ("@o", posterior.LastObservationId), ("@n", posterior.ObservationCount),
            ("@c", posterior.Cycles), ("@json", posterior.Snapshot.ToJson()), ("@summary", posterior.SummaryJson), ("@t", posterior.CreatedAtMs));
        return version;
    }

    /// <summary>The newest version, or null.</summary>
    public StoredPosterior? Latest(string patientId) => database.Read(c => Latest(c, patientId));

    public static StoredPosterior? Latest(DbConnection connection, string patientId) =>
        connection.Query(
            """
            SELECT patient_id, version, last_observation_id, observation_count, cycles, posterior_json, summary_json, created_at
            FROM twin_posteriors WHERE patient_id = @p ORDER BY version DESC LIMIT 1
            """,
            Map, ("@p", patientId)).FirstOrDefault();

    /// <summary>Every version of a patient's posterior, oldest first.</summary>
    public IReadOnlyList<StoredPosterior> Versions(string patientId) => database.Read(c => c.Query(
        """
        SELECT patient_id, version, last_observation_id, observation_count, cycles, posterior_json, summary_json, created_at
        FROM twin_posteriors WHERE patient_id = @p ORDER BY version
        """,
        Map, ("@p", patientId)));

    public long Count() => database.Read(c => Sql.ToLong(c.Scalar("SELECT COUNT(*) FROM twin_posteriors")));

    private static StoredPosterior Map(DbDataReader r) => new(
        r.GetString(0), (int)r.Long(1), r.Long(2), (int)r.Long(3), (int)r.Long(4),
        PosteriorSnapshot.FromJson(r.GetString(5)), r.GetString(6), r.Long(7));
}
