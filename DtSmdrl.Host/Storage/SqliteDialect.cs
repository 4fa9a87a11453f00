using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace DtSmdrl.Host.Storage;

/// <summary>
/// SQLite (Microsoft.Data.Sqlite): the embedded default, in WAL mode so readers never block the writer, with
/// synchronous=NORMAL: a power loss (not a process crash) can roll back the last transactions committed since the
/// last WAL checkpoint, never corrupt the file. Commits that must survive one (ingest's) use synchronous=FULL.
/// A new database file is created 0600 in a 0700 folder (SQLite gives its -wal and -shm files the same mode).
/// </summary>
public sealed class SqliteDialect : SqlDialect
{
    public override string Name => "sqlite";

    public override DbConnection CreateConnection(string connectionString)
    {
        // Pooling off: a pooled connection keeps the file open, which blocks moving or deleting it in tests and tools.
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = false, DefaultTimeout = 30 };
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && !file.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            && builder.Mode == SqliteOpenMode.ReadWriteCreate && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
        {
            PrivateFiles.CreateFolder(folder);
            // An empty file is a valid empty database; creating it here sets its mode before SQLite opens it.
            PrivateFiles.CreateEmpty(Path.GetFullPath(file));
        }
        return new SqliteConnection(builder.ToString());
    }

    public override void OnOpen(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }

    public override string DurableCommit => "PRAGMA synchronous=FULL";

    public override string AutoIdPrimaryKey => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public override string BigInt => "INTEGER";

    public override string Real => "REAL";

    public override IReadOnlyList<string> AppendOnly(string table) =>
    [
        $"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
        $"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
    ];

    // SQLite's write transactions (BEGIN IMMEDIATE) already serialise migrations across processes.
    public override string MigrationLock => "";
}
