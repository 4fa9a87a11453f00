using DtSmdrl.Pipeline.Data.Validation;

namespace DtSmdrl.Pipeline.Data.Loading;

/// <summary>Accepted records, every error, and a one-line summary.</summary>
public sealed class LoadResult<T>
{
    public required string File { get; init; }

    public required IReadOnlyList<T> Accepted { get; init; }

    /// <summary>The line (JSONL) or row line (CSV) of each accepted record, in the same order; empty when not tracked.</summary>
    public IReadOnlyList<long> AcceptedLines { get; init; } = [];

    public required IReadOnlyList<RecordError> Errors { get; init; }

    /// <summary>Records that had at least one error.</summary>
    public required int Rejected { get; init; }

    public string Summary => $"{File}: {Accepted.Count} accepted, {Rejected} rejected";
}
