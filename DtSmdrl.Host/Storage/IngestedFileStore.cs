using System.Data.Common;

namespace DtSmdrl.Host.Storage;

/// <summary>
/// The ingested_files table: drop-folder files whose records are committed, by content hash. Written in the
/// same transaction as the records, so after a crash a file is either fully ingested (and only needs moving)
/// or not at all.
/// </summary>
public static class IngestedFileStore
{
    public static bool Contains(DbTransaction transaction, string sha256) =>
        transaction.Scalar("SELECT 1 FROM ingested_files WHERE content_sha256 = @h", ("@h", sha256)) is not null;

    public static bool Contains(DbConnection connection, string sha256) =>
        connection.Scalar("SELECT 1 FROM ingested_files WHERE content_sha256 = @h", ("@h", sha256)) is not null;

    public static void Add(DbTransaction transaction, string sha256, string fileName, int accepted, int rejected, int duplicates, long runId, long nowMs) =>
        transaction.Execute(
            "INSERT INTO ingested_files (content_sha256, file_name, accepted, rejected, duplicates, run_id, ingested_at) VALUES (@h, @f, @a, @r, @d, @run, @t)",
            ("@h", sha256), ("@f", fileName), ("@a", accepted), ("@r", rejected), ("@d", duplicates), ("@run", runId), ("@t", nowMs));
}
