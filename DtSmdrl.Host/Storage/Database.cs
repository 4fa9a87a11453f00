using System.Data;
using System.Data.Common;
using DtSmdrl.Host.Options;

namespace DtSmdrl.Host.Storage;

/// <summary>
/// The store's entry point: opens connections through the <see cref="SqlDialect"/> and runs work in
/// transactions. Every write of a job step goes through <see cref="Write{T}(Func{DbTransaction, T})"/>, so a step is all or nothing.
/// </summary>
public sealed class Database
{
    /// <summary>Creates a store; call <see cref="Migrator.Apply"/> (the host does it at start-up) before use.</summary>
    public Database(string connectionString, SqlDialect dialect, TimeProvider? clock = null)
    {
        ConnectionString = connectionString ?? throw new ArgumentNullException(nameof(connectionString));
        Dialect = dialect ?? throw new ArgumentNullException(nameof(dialect));
        Clock = clock ?? TimeProvider.System;
    }

    /// <summary>From validated options.</summary>
    public static Database From(StoreOptions options, TimeProvider? clock = null) =>
        new(options.ConnectionString, SqlDialect.For(options.Provider, options.ConnectionString), clock);

    public string ConnectionString { get; }

    public SqlDialect Dialect { get; }

    public TimeProvider Clock { get; }

    /// <summary>Now as Unix milliseconds (the stored time format).</summary>
    public long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>An open connection.</summary>
    public DbConnection Open()
    {
        var connection = Dialect.CreateConnection(ConnectionString);
        try
        {
            connection.Open();
            Dialect.OnOpen(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction: committed when it returns, rolled back when it throws.</summary>
    public T Write<T>(Func<DbTransaction, T> work) => Write(work, durable: false);

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction; with <paramref name="durable"/> the commit survives a
    /// power loss once it returns (SQLite: synchronous=FULL for this transaction; PostgreSQL commits are durable anyway).
    /// Used where the caller then deletes or moves the input the transaction recorded (an ingested file).
    /// </summary>
    public T Write<T>(Func<DbTransaction, T> work, bool durable)
    {
        using var connection = Open();
        if (durable && Dialect.DurableCommit.Length > 0) connection.Execute(Dialect.DurableCommit);
        using var transaction = connection.BeginTransaction(IsolationLevel.Serializable);
        var result = work(transaction);
        transaction.Commit();
        return result;
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction.</summary>
    public void Write(Action<DbTransaction> work) => Write(t => { work(t); return 0; });

    /// <summary>Runs read-only <paramref name="work"/> on a fresh connection.</summary>
    public T Read<T>(Func<DbConnection, T> work)
    {
        using var connection = Open();
        return work(connection);
    }
}
