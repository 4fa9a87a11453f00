using System.ComponentModel.DataAnnotations;

namespace DtSmdrl.Host.Options;

/// <summary>The ingest-outcomes job's folders, bound from the "Ingest" configuration section.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>Drop folder scanned for *.jsonl and *.csv outcome-observation files.</summary>
    [Required(ErrorMessage = "Ingest:DropFolder is required.")]
    public string DropFolder { get; set; } = "inbox";

    /// <summary>Where ingested files are moved; default "{DropFolder}/processed".</summary>
    public string? ProcessedFolder { get; set; }

    /// <summary>Where the rejects files (one per input file with bad records) go; default "{DropFolder}/rejects".</summary>
    public string? RejectsFolder { get; set; }

    public string Processed => ProcessedFolder ?? Path.Combine(DropFolder, "processed");

    public string Rejects => RejectsFolder ?? Path.Combine(DropFolder, "rejects");
}
