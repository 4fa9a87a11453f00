namespace DtSmdrl.Pipeline.Data.Loading;

/// <summary>What to do when a record is bad.</summary>
public enum LoadMode
{
    /// <summary>Skip bad records, collect every error, load the good ones.</summary>
    CollectAndContinue,
    /// <summary>Stop at the first bad record with a <see cref="DataValidationException"/>.</summary>
    FailFast,
}

/// <summary>Loader settings.</summary>
public sealed record LoadOptions
{
    public LoadMode Mode { get; init; } = LoadMode.CollectAndContinue;

    /// <summary>Longest accepted line (JSONL) or row (CSV), bytes; longer ones are rejected, not read into memory.</summary>
    public int MaxRecordBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// Check each record against its JSON Schema (a few milliseconds per record). Turn off only for files
    /// whose integrity is otherwise established (e.g. a cohort whose SHA-256 matches its manifest); the
    /// C# semantic rules and strict deserialisation still run.
    /// </summary>
    public bool ValidateSchema { get; init; } = true;

    /// <summary>Name to use for the file in messages (defaults to the path as given).</summary>
    public string? DisplayName { get; init; }
}
