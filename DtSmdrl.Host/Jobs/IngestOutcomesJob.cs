using System.Data.Common;
using DtSmdrl.Host.Options;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data.Validation;
using DtSmdrl.Pipeline.Provenance;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Jobs;

/// <summary>
/// `ingest-outcomes`: reads every *.jsonl and *.csv file of the drop folder (name order), validates each record
/// with the Pipeline's loaders and contracts, and stores the good ones. One step per file, one transaction per
/// step: the records, the rejects file and the file's ingested_files row are committed together (durably, since
/// the file is moved next), then the file moves to the processed folder. After a crash a file is either wholly
/// ingested (and is only moved) or not at all (and is read again); re-sent observations are duplicates and are
/// not stored twice.
/// Bad records (with file, line, field and reason), conflicting re-sends and observations of patients not in the
/// store (refused, with line, record and cycle) go to "{rejects}/{file}.rejects.txt"
/// and count as warnings; a file that cannot be read at all moves to the rejects folder with its reasons. A file
/// whose processing throws (a poison input) is quarantined: a failed_items row with the reason and the content
/// hash, the file moved to the rejects folder beside "{file}.reason.txt", and the run goes on with the next file.
/// A file sent again under the same name with fixed content is ingested and clears the entry.
/// Moved files never overwrite an earlier one of the same name ("a.jsonl", then "a.1.jsonl", ...) and are made 0600.
/// </summary>
public sealed class IngestOutcomesJob(Database database, IOptions<IngestOptions> options) : IJob
{
    public const string Source = "ingest";

    private readonly IngestOptions settings = options.Value;

    public string Name => JobNames.IngestOutcomes;

    /// <summary>Reads one file (path, display name); a test seam for an input that makes the parse throw.</summary>
    internal Func<string, string, LoadResult<OutcomeObservation>> Loader { get; init; } = Load;

    public string Run(JobContext context)
    {
        PrivateFiles.CreateFolder(settings.DropFolder);
        PrivateFiles.CreateFolder(settings.Processed);
        PrivateFiles.CreateFolder(settings.Rejects);
        var files = Directory.EnumerateFiles(settings.DropFolder)
            .Where(f => f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        int accepted = 0, duplicates = 0, rejected = 0, badFiles = 0, quarantined = 0;
        foreach (var path in files)
        {
            context.Step();
            context.Read++;
            var name = Path.GetFileName(path);
            var hash = ContentHash.OfFile(path);
            if (database.Read(c => IngestedFileStore.Contains(c, hash)))
            {
                // Committed by an earlier run that stopped before moving it.
                MoveTo(path, settings.Processed, FreeName(name, settings.Processed));
                continue;
            }

            try
            {
                var (inserted, duplicate, problems, unreadable) = Ingest(context, path, name, hash);
                accepted += inserted;
                duplicates += duplicate;
                rejected += problems;
                if (unreadable) badFiles++;
            }
            catch (Exception e) when (e is not OperationCanceledException and not LeaseLostException and not DbException)
            {
                // A poison file: the store is fine, this input is not. A store failure (DbException) fails the run instead.
                Quarantine(context, path, name, hash, e);
                quarantined++;
            }
        }
        context.Logger.LogInformation("ingest-outcomes: {Files} files, {Accepted} observations stored, {Duplicates} duplicates, {Rejected} rejected, {BadFiles} unreadable files, {Quarantined} quarantined",
            files.Count, accepted, duplicates, rejected, badFiles, quarantined);
        return $"{files.Count} files: {accepted} observations stored, {duplicates} duplicates skipped, {rejected} records rejected, {badFiles} unreadable files, {quarantined} files quarantined";
    }

    /// <summary>One file's step: validate, store, record, move. Returns the counts.</summary>
    private (int Inserted, int Duplicates, int Rejected, bool Unreadable) Ingest(JobContext context, string path, string name, string hash)
    {
        LoadResult<OutcomeObservation> loaded;
        try
        {
            loaded = Loader(path, name);
        }
        catch (DataValidationException e)
        {
            var target = FreeName(name, settings.Rejects);
            context.Warnings++;
            context.Commit(t =>
            {
                WriteRejects(target, [e.Error]);
                IngestedFileStore.Add(t, hash, name, 0, 0, 0, context.RunId, database.NowMs);
                context.ClearQuarantine(t, FailedItemKind.File, name);
                return 0;
            }, _ => 0, durable: true);
            MoveTo(path, settings.Rejects, target);
            return (0, 0, 0, true);
        }

        var stored = FreeName(name, settings.Processed);
        var (inserted, duplicate, conflicts) = context.Commit(t =>
        {
            var intake = OutcomeIntake.Store(t, loaded, Source, database.NowMs);
            var problems = loaded.Errors.Concat(intake.Problems).ToList();
            if (problems.Count > 0) WriteRejects(stored, problems);
            IngestedFileStore.Add(t, hash, name, intake.Stored, loaded.Rejected, intake.Duplicates, context.RunId, database.NowMs);
            context.ClearQuarantine(t, FailedItemKind.File, name);
            return (intake.Stored, intake.Duplicates, intake.Problems.Count);
        }, r => r.Item1, durable: true);
        MoveTo(path, settings.Processed, stored);
        context.Warnings += loaded.Rejected + conflicts;
        return (inserted, duplicate, loaded.Rejected + conflicts, false);
    }

    private void Quarantine(JobContext context, string path, string name, string hash, Exception error)
    {
        // The reason may quote a patient or value: it goes to the store and the protected rejects folder, the log gets its type.
        var target = FreeName(name, settings.Rejects);
        PrivateFiles.WriteAllLines(Path.Combine(settings.Rejects, target + ".reason.txt"),
            [$"{name}: quarantined by ingest-outcomes run {context.RunId} (sha256 {hash}): {error.GetType().Name}: {error.Message}",
             "Fix the file and drop it again under the same name; the entry clears when it is ingested."]);
        context.Quarantine(FailedItemKind.File, name, hash, error);
        MoveTo(path, settings.Rejects, target);
    }

    internal static LoadResult<OutcomeObservation> Load(string path, string name) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            ? new OutcomeObservationCsv().Load(path, name)
            : new JsonLinesLoader<OutcomeObservation>(OutcomeObservationContract.Instance).Load(path, new LoadOptions { DisplayName = name });

    /// <summary>"{stored}.rejects.txt" in the rejects folder, named after the file's final name so earlier ones stay.</summary>
    private void WriteRejects(string storedName, IEnumerable<RecordError> errors) =>
        PrivateFiles.WriteAllLines(Path.Combine(settings.Rejects, storedName + ".rejects.txt"), errors.Select(e => e.ToString()));

    /// <summary>
    /// The first of "a.jsonl", "a.1.jsonl", "a.2.jsonl", ... that is free in <paramref name="folder"/> and whose rejects
    /// file (and, in the rejects folder, reason file) is free too, so a file sent twice under one name never overwrites
    /// the earlier one or its reasons.
    /// </summary>
    private string FreeName(string name, string folder)
    {
        for (var n = 0; ; n++)
        {
            var candidate = n == 0 ? name : $"{Path.GetFileNameWithoutExtension(name)}.{n}{Path.GetExtension(name)}";
            if (!File.Exists(Path.Combine(folder, candidate))
                && !File.Exists(Path.Combine(settings.Rejects, candidate + ".rejects.txt"))
                && !File.Exists(Path.Combine(folder, candidate + ".reason.txt")))
                return candidate;
        }
    }

    private static void MoveTo(string path, string folder, string targetName)
    {
        var target = Path.Combine(folder, targetName);
        File.Move(path, target, overwrite: false);
        PrivateFiles.Restrict(target);
    }
}
