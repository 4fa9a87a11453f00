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
/// step: the records, the rejects file and the file's ingested_files row are committed together, then the file
/// moves to the processed folder. After a crash a file is either wholly ingested (and is only moved) or not at
/// all (and is read again); re-sent observations are duplicates and are not stored twice.
/// Bad records (with file, line, field and reason), conflicting re-sends and observations of patients not in the
/// store (refused, with line, record and cycle) go to "{rejects}/{file}.rejects.txt"
/// and count as warnings; a file that cannot be read at all moves to the rejects folder with its reasons.
/// </summary>
public sealed class IngestOutcomesJob(Database database, IOptions<IngestOptions> options) : IJob
{
    public const string Source = "ingest";

    private readonly IngestOptions settings = options.Value;

    public string Name => JobNames.IngestOutcomes;

    public string Run(JobContext context)
    {
        Directory.CreateDirectory(settings.DropFolder);
        Directory.CreateDirectory(settings.Processed);
        Directory.CreateDirectory(settings.Rejects);
        var files = Directory.EnumerateFiles(settings.DropFolder)
            .Where(f => f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        int accepted = 0, duplicates = 0, rejected = 0, badFiles = 0;
        foreach (var path in files)
        {
            context.Step();
            context.Read++;
            var name = Path.GetFileName(path);
            var hash = ContentHash.OfFile(path);
            if (database.Read(c => IngestedFileStore.Contains(c, hash)))
            {
                // Committed by an earlier run that stopped before moving it.
                MoveTo(path, settings.Processed);
                continue;
            }

            LoadResult<OutcomeObservation> loaded;
            try
            {
                loaded = Load(path, name);
            }
            catch (DataValidationException e)
            {
                database.Write(t =>
                {
                    WriteRejects(name, [e.Error]);
                    IngestedFileStore.Add(t, hash, name, 0, 0, 0, context.RunId, database.NowMs);
                });
                MoveTo(path, settings.Rejects);
                badFiles++;
                context.Warnings++;
                continue;
            }

            var (inserted, duplicate, conflicts) = database.Write(t =>
            {
                var stored = OutcomeIntake.Store(t, loaded, Source, database.NowMs);
                var problems = loaded.Errors.Concat(stored.Problems).ToList();
                if (problems.Count > 0) WriteRejects(name, problems);
                IngestedFileStore.Add(t, hash, name, stored.Stored, loaded.Rejected, stored.Duplicates, context.RunId, database.NowMs);
                return (stored.Stored, stored.Duplicates, stored.Problems.Count);
            });
            MoveTo(path, settings.Processed);
            accepted += inserted;
            duplicates += duplicate;
            rejected += loaded.Rejected + conflicts;
            context.Written += inserted;
            context.Warnings += loaded.Rejected + conflicts;
        }
        context.Logger.LogInformation("ingest-outcomes: {Files} files, {Accepted} observations stored, {Duplicates} duplicates, {Rejected} rejected, {BadFiles} unreadable files",
            files.Count, accepted, duplicates, rejected, badFiles);
        return $"{files.Count} files: {accepted} observations stored, {duplicates} duplicates skipped, {rejected} records rejected, {badFiles} unreadable files";
    }

    private static LoadResult<OutcomeObservation> Load(string path, string name) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            ? new OutcomeObservationCsv().Load(path, name)
            : new JsonLinesLoader<OutcomeObservation>(OutcomeObservationContract.Instance).Load(path, new LoadOptions { DisplayName = name });

    private void WriteRejects(string name, IEnumerable<RecordError> errors)
    {
        var target = Path.Combine(settings.Rejects, name + ".rejects.txt");
        File.WriteAllLines(target + ".tmp", errors.Select(e => e.ToString()));
        File.Move(target + ".tmp", target, overwrite: true);
    }

    private static void MoveTo(string path, string folder)
    {
        var target = Path.Combine(folder, Path.GetFileName(path));
        File.Move(path, target, overwrite: true);
    }
}
