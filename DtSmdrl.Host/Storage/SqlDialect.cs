using System.Data.Common;

namespace DtSmdrl.Host.Storage;

/// <summary>
/// The one seam between SQLite and PostgreSQL: how to connect, the few column types that differ, the
/// append-only guard and the migration lock. Every query elsewhere is plain parameterised SQL that both run.
/// Times are stored as Unix milliseconds (BIGINT) so that comparisons never depend on a collation.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>"sqlite" or "postgres".</summary>
    public abstract string Name { get; }

    /// <summary>A new, closed connection.</summary>
    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>Per-connection set-up run after every open (SQLite: WAL, busy timeout, foreign keys).</summary>
    public virtual void OnOpen(DbConnection connection)
    {
    }

    /// <summary>Statement run on a connection before a transaction whose commit must survive a power loss (empty: commits already do).</summary>
    public virtual string DurableCommit => "";

    /// <summary>Column definition of an auto-incremented 64-bit primary key.</summary>
    public abstract string AutoIdPrimaryKey { get; }

    /// <summary>64-bit integer column type.</summary>
    public abstract string BigInt { get; }

    /// <summary>Double-precision column type.</summary>
    public abstract string Real { get; }

    /// <summary>Statements that make a table reject UPDATE and DELETE (an append-only audit trail).</summary>
    public abstract IReadOnlyList<string> AppendOnly(string table);

    /// <summary>Statement run first inside the migration transaction so two processes never migrate at once (empty: none needed).</summary>
    public abstract string MigrationLock { get; }

    /// <summary>Picks the dialect from the provider option and the connection string.</summary>
    public static SqlDialect For(string provider, string connectionString)
    {
        var kind = provider switch
        {
            "sqlite" => "sqlite",
            "postgres" => "postgres",
            "auto" => connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase) ? "postgres" : "sqlite",
            _ => throw new ArgumentException($"Store:Provider '{provider}' is not one of auto, sqlite, postgres."),
        };
        return kind == "postgres" ? new PostgresDialect() : new SqliteDialect();
    }
}
