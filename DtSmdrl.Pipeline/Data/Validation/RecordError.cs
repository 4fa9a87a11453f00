namespace DtSmdrl.Pipeline.Data.Validation;

/// <summary>One problem with one input record: where it is, which field, and why.</summary>
/// <param name="File">The input file (as given by the caller).</param>
/// <param name="Line">1-based line (JSONL) or row line (CSV, header = line 1); 0 for file-level problems.</param>
/// <param name="RecordId">The record's patient id when it could be read.</param>
/// <param name="Field">Dotted path of the field, e.g. "labs.anc_10e9_per_l"; "(record)" or "(file)" when not field-specific.</param>
/// <param name="Reason">What is wrong, with the expected form.</param>
public sealed record RecordError(string File, long Line, string? RecordId, string Field, string Reason)
{
    public override string ToString() =>
        $"{File}:{Line}{(RecordId is null ? "" : $" record {RecordId}")} field {Field}: {Reason}";
}
