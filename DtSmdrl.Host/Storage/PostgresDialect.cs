using System.Data.Common;
using Npgsql;

namespace DtSmdrl.Host.Storage;

/// <summary>PostgreSQL (Npgsql), selected by a Host= connection string or Store:Provider = postgres.</summary>
public sealed class PostgresDialect : SqlDialect
{
    /// <summary>Key of the transaction-scoped advisory lock that serialises migrations.</summary>
    public const long MigrationLockKey = 0x44_54_53_4D_44_52_4C; // "DTSMDRL"

    public override string Name => "postgres";

    public override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    public override string AutoIdPrimaryKey => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

    public override string BigInt => "BIGINT";

    public override string Real => "DOUBLE PRECISION";

    public override IReadOnlyList<string> AppendOnly(string table) =>
    [
        $"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{table} is append-only'; END $$",
        $"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_append_only()",
    ];

    public override string MigrationLock => $"SELECT pg_advisory_xact_lock({MigrationLockKey})";
}
