using System.Data.Common;
using System.Text;
using System.Text.Json;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Provenance;

namespace DtSmdrl.Host.Storage;

/// <summary>What happened to one observation offered to the store.</summary>
public enum ObservationInsert
{
    /// <summary>New: stored.</summary>
    Inserted,
    /// <summary>The same observation (same patient, cycle and content) is already stored: nothing written.</summary>
    Duplicate,
    /// <summary>A different observation for the same patient and cycle is stored: rejected, never overwritten.</summary>
    Conflict,
    /// <summary>The patient has no stored record: refused, since no twin or recommendation could use it.</summary>
    UnknownPatient,
}

/// <summary>A stored outcome observation with its row id (ids grow with insertion order).</summary>
public sealed record StoredObservation(long Id, OutcomeObservation Observation);

/// <summary>
/// The observations table: outcome observations, one per patient and cycle. Re-sending the same data is a
/// no-op (idempotent ingestion); a different value for a recorded cycle is a conflict the caller reports; an
/// observation of a patient without a stored record is refused (import the patient first).
/// </summary>
public sealed class ObservationStore(Database database)
{
    public static ObservationInsert Insert(DbTransaction transaction, OutcomeObservation observation, string source, long nowMs)
    {
        if (transaction.Scalar("SELECT 1 FROM patients WHERE patient_id = @p", ("@p", observation.PatientId)) is null or DBNull)
            return ObservationInsert.UnknownPatient;
        var json = JsonSerializer.Serialize(observation, DtSmdrlJson.Options);
        var hash = ContentHash.OfBytes(Encoding.UTF8.GetBytes(json));
        var existing = transaction.Scalar("SELECT content_sha256 FROM observations WHERE patient_id = @p AND cycle = @c",
            ("@p", observation.PatientId), ("@c", observation.Cycle)) as string;
        if (existing is not null) return existing == hash ? ObservationInsert.Duplicate : ObservationInsert.Conflict;
        transaction.Execute(
            """
            INSERT INTO observations (patient_id, cycle, observed_at, observation_json, content_sha256, source, ingested_at)
            VALUES (@p, @c, @at, @json, @hash, @source, @now)
            """,
            ("@p", observation.PatientId), ("@c", observation.Cycle), ("@at", observation.ObservedAt.ToUnixTimeMilliseconds()),
            ("@json", json), ("@hash", hash), ("@source", source), ("@now", nowMs));
        return ObservationInsert.Inserted;
    }

    /// <summary>A patient's observations in cycle order.</summary>
    public IReadOnlyList<StoredObservation> ForPatient(string patientId) => database.Read(c => ForPatient(c, patientId));

    public static IReadOnlyList<StoredObservation> ForPatient(DbConnection connection, string patientId) =>
        connection.Query("SELECT id, observation_json FROM observations WHERE patient_id = @p ORDER BY cycle",
            r => new StoredObservation(r.Long(0), JsonSerializer.Deserialize<OutcomeObservation>(r.GetString(1), DtSmdrlJson.Options)!),
            ("@p", patientId));

    /// <summary>Patients (with a stored record) that have observations newer than their latest twin posterior, in id order.</summary>
    public static IReadOnlyList<string> PatientsWithNewObservations(DbConnection connection) =>
        connection.Query(
            """
            SELECT o.patient_id FROM observations o JOIN patients p ON p.patient_id = o.patient_id
            GROUP BY o.patient_id
            HAVING MAX(o.id) > COALESCE((SELECT MAX(t.last_observation_id) FROM twin_posteriors t WHERE t.patient_id = o.patient_id), 0)
            ORDER BY o.patient_id
            """,
            r => r.GetString(0));

    public long Count() => database.Read(c => Sql.ToLong(c.Scalar("SELECT COUNT(*) FROM observations")));
}
