using System.Data.Common;

namespace DtSmdrl.Host.Storage;

/// <summary>
/// Applies <see cref="SchemaMigrations"/> at start-up: each migration in its own transaction together with
/// its row in schema_migrations, so a crash leaves the schema at a whole version. Two processes starting at
/// once serialise on the dialect's migration lock and the second finds nothing to do.
/// </summary>
public static class Migrator
{
    private const string CreateTable =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

    /// <summary>Brings the schema up to <paramref name="upTo"/> (default: the latest); returns the versions applied.</summary>
    public static IReadOnlyList<int> Apply(Database database, int? upTo = null)
    {
        var target = upTo ?? SchemaMigrations.Latest;
        var applied = new List<int>();
        using (var connection = database.Open())
            connection.Execute(CreateTable);
        foreach (var migration in SchemaMigrations.All.Where(m => m.Version <= target))
        {
            var done = database.Write(transaction =>
            {
                if (database.Dialect.MigrationLock.Length > 0) transaction.Scalar(database.Dialect.MigrationLock);
                if (transaction.Scalar("SELECT 1 FROM schema_migrations WHERE version = @v", ("@v", migration.Version)) is not null)
                    return false;
                foreach (var statement in migration.Statements(database.Dialect))
                    transaction.Execute(statement);
                transaction.Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)",
                    ("@v", migration.Version), ("@n", migration.Name), ("@t", database.NowMs));
                return true;
            });
            if (done) applied.Add(migration.Version);
        }
        var current = CurrentVersion(database);
        if (current > SchemaMigrations.Latest)
            throw new InvalidOperationException(
                $"The database schema is at version {current}, newer than this build knows ({SchemaMigrations.Latest}); upgrade dtsmdrl.");
        return applied;
    }

    /// <summary>Highest applied version (0 for an empty database).</summary>
    public static int CurrentVersion(Database database) => database.Read(connection =>
    {
        connection.Execute(CreateTable);
        return (int)Sql.ToLong(connection.Scalar("SELECT MAX(version) FROM schema_migrations"));
    });

    /// <summary>Names of the tables a connection sees (for checks and tests).</summary>
    public static IReadOnlyList<string> Tables(DbConnection connection, SqlDialect dialect) =>
        connection.Query(dialect is SqliteDialect
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name",
            r => r.GetString(0));
}
