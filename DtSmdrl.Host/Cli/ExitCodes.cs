namespace DtSmdrl.Host.Cli;

/// <summary>
/// The exit codes of every verb (documented in DtSmdrl.Host/README.md, "Input validation"). A failure always ends
/// with one line on stderr naming what failed (file, line, record and field where they exist); the stack trace is
/// printed only with --verbose.
/// </summary>
public static class ExitCodes
{
    /// <summary>Done, nothing rejected.</summary>
    public const int Success = 0;

    /// <summary>The verb could not do its work: no model yet, unknown patient, recommendation refused, job run failed.</summary>
    public const int Failed = 1;

    /// <summary>Bad command line or configuration; nothing was done.</summary>
    public const int Usage = 2;

    /// <summary>Done, but some records were rejected or conflict with stored ones, or the job was skipped (lease held elsewhere).</summary>
    public const int Partial = 3;

    /// <summary>An input file could not be used at all: missing, a directory, empty, not UTF-8, a bad CSV header.</summary>
    public const int BadInputFile = 4;

    /// <summary>The store could not be reached or opened (PostgreSQL down, SQLite file not writable).</summary>
    public const int StoreUnavailable = 5;

    /// <summary>An unexpected error (a bug): one line with the exception type; --verbose shows the stack trace.</summary>
    public const int InternalError = 70;
}
