using System.Data.Common;
using System.Text.Json;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Provenance;

namespace DtSmdrl.Host.Storage;

/// <summary>The patients table: the latest observed record of each patient (the input of twin priors and recommendations).</summary>
public sealed class PatientStore(Database database)
{
    /// <summary>Inserts or replaces a patient's record; returns true when something changed.</summary>
    public static bool Upsert(DbTransaction transaction, PatientRecord record, long nowMs)
    {
        var json = JsonSerializer.Serialize(record, DtSmdrlJson.Options);
        var hash = ContentHash.OfBytes(System.Text.Encoding.UTF8.GetBytes(json));
        return transaction.Execute(
            """
            INSERT INTO patients (patient_id, record_json, record_sha256, created_at, updated_at) VALUES (@id, @json, @hash, @now, @now)
            ON CONFLICT (patient_id) DO UPDATE SET record_json = excluded.record_json, record_sha256 = excluded.record_sha256, updated_at = excluded.updated_at
            WHERE patients.record_sha256 <> excluded.record_sha256
            """,
            ("@id", record.PatientId), ("@json", json), ("@hash", hash), ("@now", nowMs)) > 0;
    }

    /// <summary>The stored record and its SHA-256, or null.</summary>
    public (PatientRecord Record, string Sha256)? Get(string patientId) => database.Read(c => Get(c, patientId));

    public static (PatientRecord Record, string Sha256)? Get(DbConnection connection, string patientId)
    {
        var rows = connection.Query("SELECT record_json, record_sha256 FROM patients WHERE patient_id = @id",
            r => (JsonSerializer.Deserialize<PatientRecord>(r.GetString(0), DtSmdrlJson.Options)!, r.GetString(1)), ("@id", patientId));
        return rows.Count == 0 ? null : rows[0];
    }

    public long Count() => database.Read(c => Sql.ToLong(c.Scalar("SELECT COUNT(*) FROM patients")));
}
