using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data.Validation;

namespace DtSmdrl.Pipeline.Data.Fuzzing;

/// <summary>Counts of a fuzz run; <see cref="Violations"/> lists the first few failures with their case index.</summary>
public sealed class FuzzReport
{
    /// <summary>Input files generated and loaded.</summary>
    public long Inputs { get; set; }

    /// <summary>Records the files held (non-blank lines or CSV rows, counted independently of the loaders).</summary>
    public long RecordsRead { get; set; }

    /// <summary>Loads that threw anything but the loaders' own <see cref="DataValidationException"/>.</summary>
    public long Crashes { get; set; }

    /// <summary>Accepted records that fail the schema (with its bounds) or a contract rule when checked again as stored.</summary>
    public long WronglyAccepted { get; set; }

    /// <summary>Loads where accepted + rejected differs from the records read.</summary>
    public long CountMismatches { get; set; }

    public long Accepted { get; set; }

    public long Rejected { get; set; }

    /// <summary>Whole files refused (missing header, encoding, empty, …).</summary>
    public long FilesRefused { get; set; }

    public List<string> Violations { get; } = [];

    public bool Passed => Crashes == 0 && WronglyAccepted == 0 && CountMismatches == 0;

    public void Add(FuzzReport other)
    {
        Inputs += other.Inputs;
        RecordsRead += other.RecordsRead;
        Crashes += other.Crashes;
        WronglyAccepted += other.WronglyAccepted;
        CountMismatches += other.CountMismatches;
        Accepted += other.Accepted;
        Rejected += other.Rejected;
        FilesRefused += other.FilesRefused;
        foreach (var v in other.Violations.Take(Math.Max(0, 20 - Violations.Count))) Violations.Add(v);
    }

    public string Summary =>
        $"{Inputs} inputs ({RecordsRead} records read): {Crashes} crashes, {WronglyAccepted} wrongly accepted, " +
        $"{CountMismatches} count mismatches; {Accepted} accepted, {Rejected} rejected, {FilesRefused} files refused whole";
}

/// <summary>
/// Runs fuzz cases through the real loaders (from a file, as the verbs and jobs read them) and checks three
/// properties: no exception but <see cref="DataValidationException"/> escapes; every accepted record, serialised as
/// the store serialises it, passes its schema (with the plausibility bounds) and its contract rules; and accepted +
/// rejected equals the records read. Not thread-safe: use one runner per thread.
/// </summary>
public sealed class FuzzRunner : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("dtsmdrl-fuzz-").FullName;
    private readonly JsonLinesLoader<PatientRecord> patientJsonl = new(PatientRecordContract.Instance);
    private readonly JsonLinesLoader<OutcomeObservation> outcomeJsonl = new(OutcomeObservationContract.Instance);
    private readonly PatientCsv patientCsv = new();
    private readonly OutcomeObservationCsv outcomeCsv = new();
    private readonly RecordValidator<PatientRecord> patientCheck = new(PatientRecordContract.Instance);
    private readonly RecordValidator<OutcomeObservation> outcomeCheck = new(OutcomeObservationContract.Instance);

    public void Run(FuzzCase fuzzCase, FuzzReport report)
    {
        report.Inputs++;
        var path = Path.Combine(folder, "case" + fuzzCase.Extension);
        File.WriteAllBytes(path, fuzzCase.Content);
        var read = CountRecords(fuzzCase);
        report.RecordsRead += read;
        try
        {
            var (accepted, rejected, wrong) = fuzzCase.Target switch
            {
                FuzzTarget.PatientJsonl => Check(patientJsonl.Load(path, new LoadOptions { DisplayName = "case.jsonl" }), patientCheck),
                FuzzTarget.PatientCsv => Check(patientCsv.Load(path, new LoadOptions { DisplayName = "case.csv" }), patientCheck),
                FuzzTarget.OutcomeJsonl => Check(outcomeJsonl.Load(path, new LoadOptions { DisplayName = "case.jsonl" }), outcomeCheck),
                _ => Check(outcomeCsv.Load(path, "case.csv"), outcomeCheck),
            };
            report.Accepted += accepted;
            report.Rejected += rejected;
            if (wrong is not null)
            {
                report.WronglyAccepted++;
                Violation(report, fuzzCase, $"wrongly accepted: {wrong}");
            }
            if (accepted + rejected != read)
            {
                report.CountMismatches++;
                Violation(report, fuzzCase, $"{accepted} accepted + {rejected} rejected != {read} records read");
            }
        }
        catch (DataValidationException)
        {
            report.FilesRefused++;
            report.Rejected += read;
        }
        catch (Exception e)
        {
            report.Crashes++;
            Violation(report, fuzzCase, $"crash {e.GetType().Name}: {e.Message}");
        }
    }

    private static (int Accepted, int Rejected, string? Wrong) Check<T>(LoadResult<T> result, RecordValidator<T> validator) where T : class
    {
        string? wrong = null;
        foreach (var record in result.Accepted)
        {
            // Exactly what a store writes (PatientStore/ObservationStore serialise with DtSmdrlJson.Options).
            var errors = new List<RecordError>();
            var stored = JsonSerializer.SerializeToElement(record, DtSmdrlJson.Options);
            if (validator.Validate(stored, "stored", 0, errors) is null) wrong ??= string.Join("; ", errors);
        }
        return (result.Accepted.Count, result.Rejected, wrong);
    }

    private static void Violation(FuzzReport report, FuzzCase fuzzCase, string text)
    {
        if (report.Violations.Count < 20)
            report.Violations.Add($"case {fuzzCase.Index} ({fuzzCase.Target}; {string.Join(", ", fuzzCase.Mutations)}): {text}");
    }

    // The records a file holds, counted without the loaders: non-blank lines (JSONL) or non-blank rows after the
    // header (CSV, read leniently). A file the loaders refuse whole counts its records as rejected.
    private static int CountRecords(FuzzCase fuzzCase)
    {
        var text = new UTF8Encoding(false, false).GetString(fuzzCase.Content).TrimStart('\ufeff');
        if (fuzzCase.Target is FuzzTarget.PatientJsonl or FuzzTarget.OutcomeJsonl)
            return text.Split('\n').Count(line => !string.IsNullOrWhiteSpace(line.TrimEnd('\r')));
        using var parser = new CsvParser(new StringReader(text), new CsvConfiguration(System.Globalization.CultureInfo.InvariantCulture) { BadDataFound = null });
        var rows = 0;
        var header = true;
        while (parser.Read())
        {
            if (header)
            {
                header = false;
                continue;
            }
            if (!(parser.Record ?? []).All(string.IsNullOrWhiteSpace)) rows++;
        }
        return rows;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
