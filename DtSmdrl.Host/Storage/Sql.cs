using System.Data.Common;

namespace DtSmdrl.Host.Storage;

/// <summary>Small helpers for parameterised commands; parameters are (name, value) pairs, null becomes DBNull.</summary>
public static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public static int Execute(this DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(transaction.Connection!, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static int Execute(this DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, null, sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row, or null.</summary>
    public static object? Scalar(this DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(transaction.Connection!, transaction, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public static object? Scalar(this DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, null, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public static List<T> Query<T>(this DbConnection connection, string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters) =>
        Query(connection, null, sql, map, parameters);

    public static List<T> Query<T>(this DbTransaction transaction, string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters) =>
        Query(transaction.Connection!, transaction, sql, map, parameters);

    private static List<T> Query<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> map, (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var result = new List<T>();
        while (reader.Read()) result.Add(map(reader));
        return result;
    }

    /// <summary>An integer column whatever width the provider returns.</summary>
    public static long Long(this DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public static long? NullableLong(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.Long(ordinal);

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static double? NullableDouble(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    /// <summary>Converts a scalar to long (0 when null).</summary>
    public static long ToLong(object? value) => value is null ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
}
