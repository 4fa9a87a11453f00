using System.Text.Json;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data.Validation;

namespace DtSmdrl.Pipeline.Data.Loading;

/// <summary>
/// Reads JSON Lines (one record per line; blank lines ignored) and validates every record. Good
/// records are kept even when others fail; <see cref="LoadMode.FailFast"/> stops at the first error.
/// </summary>
public sealed class JsonLinesLoader<T>(IRecordContract<T> contract) where T : class
{
    private readonly RecordValidator<T> validator = new(contract);

    /// <summary>Streams the accepted records; each error goes to <paramref name="onError"/> (or throws in fail-fast mode).</summary>
    public IEnumerable<T> Stream(string path, LoadOptions? options, Action<RecordError> onError) =>
        StreamWithLines(path, options, onError).Select(r => r.Record);

    /// <summary>As <see cref="Stream"/>, with the line of each record.</summary>
    public IEnumerable<(long Line, T Record)> StreamWithLines(string path, LoadOptions? options, Action<RecordError> onError)
    {
        options ??= new LoadOptions();
        var file = options.DisplayName ?? path;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<RecordError>();
        var any = false;
        foreach (var line in Utf8LineReader.Read(path, options.MaxRecordBytes, file))
        {
            errors.Clear();
            T? record = null;
            if (line.Error is not null)
                errors.Add(new RecordError(file, line.Number, null, "(record)", line.Error));
            else if (string.IsNullOrWhiteSpace(line.Text))
                continue;
            else
            {
                any = true;
                try
                {
                    using var document = StrictJson.Parse(line.Text, out var problem);
                    if (document is null)
                        errors.Add(new RecordError(file, line.Number, problem!.RecordId, problem.Field, problem.Reason));
                    else
                        record = validator.Validate(document.RootElement, file, line.Number, errors, options.ValidateSchema);
                }
                catch (JsonException e)
                {
                    errors.Add(new RecordError(file, line.Number, null, "(record)",
                        $"invalid JSON ({e.Message.Split(" LineNumber", 2)[0]}); a truncated or unfinished line?"));
                }
            }

            if (record is not null && typeof(T) == typeof(PatientRecord) && !ids.Add(contract.IdOf(record)))
            {
                errors.Add(new RecordError(file, line.Number, contract.IdOf(record), "patient_id", "duplicate patient id: an earlier line has the same id"));
                record = null;
            }

            foreach (var error in errors)
            {
                if (options.Mode == LoadMode.FailFast) throw new DataValidationException(error);
                onError(error);
            }
            if (record is not null) yield return (line.Number, record);
        }
        if (!any && errors.Count == 0)
            throw new DataValidationException(new RecordError(file, 0, null, "(file)", "file has no records (only blank lines)"));
    }

    /// <summary>Loads the whole file.</summary>
    public LoadResult<T> Load(string path, LoadOptions? options = null)
    {
        var errors = new List<RecordError>();
        var accepted = StreamWithLines(path, options, errors.Add).ToList();
        return new LoadResult<T>
        {
            File = options?.DisplayName ?? path,
            Accepted = accepted.Select(a => a.Record).ToList(),
            AcceptedLines = accepted.Select(a => a.Line).ToList(),
            Errors = errors,
            Rejected = errors.Select(e => e.Line).Distinct().Count(),
        };
    }
}
