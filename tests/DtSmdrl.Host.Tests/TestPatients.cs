using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Data.Records;

namespace DtSmdrl.Host.Tests;

/// <summary>Patient records for tests that store outcomes (observations of patients not in the store are refused).</summary>
public static class TestPatients
{
    /// <summary>Stores a record without modalities for each id (the store must be migrated).</summary>
    public static void Store(Database database, params IEnumerable<string> ids)
    {
        Migrator.Apply(database);
        database.Write(t =>
        {
            foreach (var id in ids) PatientStore.Upsert(t, new PatientRecord { PatientId = id }, database.NowMs);
        });
    }
}
