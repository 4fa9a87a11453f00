namespace DtSmdrl.Pipeline.Data.Validation;

/// <summary>A data contract: its schema, its C# record, and the rules a schema cannot express.</summary>
public interface IRecordContract<T>
{
    /// <summary>The embedded schema file, e.g. "patient-record.schema.json".</summary>
    string SchemaFile { get; }

    /// <summary>The record's identifier for messages.</summary>
    string IdOf(T record);

    /// <summary>Semantic problems (time order, measurability, unit mix-ups) as (field, reason).</summary>
    IEnumerable<(string Field, string Reason)> Check(T record);
}
