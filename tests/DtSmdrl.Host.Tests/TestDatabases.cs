using DtSmdrl.Host.Storage;
using Npgsql;

namespace DtSmdrl.Host.Tests;

/// <summary>
/// A fresh, empty database per test: a SQLite file in a temporary folder, or a new schema in the PostgreSQL
/// database named by DTSMDRL_TEST_POSTGRES (set by .ci/run). Without that variable PostgreSQL tests are skipped.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string PostgresVariable = "DTSMDRL_TEST_POSTGRES";
    private readonly string? schema;
    private readonly string? adminConnection;

    private TestDatabase(string provider, string connectionString, string folder, string? schema, string? admin, TimeProvider? clock)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Folder = folder;
        this.schema = schema;
        adminConnection = admin;
        Database = new Database(connectionString, SqlDialect.For(provider, connectionString), clock);
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    /// <summary>A temporary folder for the test's files (deleted on dispose).</summary>
    public string Folder { get; }

    public Database Database { get; }

    /// <summary>Configuration overrides that point a host at this database.</summary>
    public Dictionary<string, string?> Settings => new() { ["Store:Provider"] = Provider, ["Store:ConnectionString"] = ConnectionString };

    public static TestDatabase Create(string provider, TimeProvider? clock = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-host-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        if (provider == "sqlite")
            return new TestDatabase(provider, $"Data Source={Path.Combine(folder, "store.db")}", folder, null, null, clock);
        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
            Assert.Inconclusive($"{PostgresVariable} is not set: PostgreSQL tests are skipped (.ci/run starts a local PostgreSQL and sets it).");
        var schema = "t_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            command.ExecuteNonQuery();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { SearchPath = schema };
        return new TestDatabase(provider, builder.ToString(), folder, schema, admin, clock);
    }

    public void Dispose()
    {
        if (schema is not null && adminConnection is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(adminConnection);
            connection.Open();
            using var command = new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", connection);
            command.ExecuteNonQuery();
        }
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A clock tests move by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
