namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// Writes each update's diagnostics synchronously to a CSV file and, optionally, one line to a text writer
/// (the console). Implements <see cref="IProgress{T}"/> directly, so reports are never reordered or posted to a
/// synchronisation context as <see cref="Progress{T}"/> would do.
/// </summary>
public sealed class PpoProgressLog : IProgress<PpoProgress>, IDisposable
{
    private readonly StreamWriter _csv;
    private readonly TextWriter? _console;

    /// <summary>Creates (or, when <paramref name="append"/> and the file exists, continues) the CSV log.</summary>
    public PpoProgressLog(string csvPath, TextWriter? console = null, bool append = false)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(csvPath));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        var continuing = append && File.Exists(csvPath) && new FileInfo(csvPath).Length > 0;
        _csv = new StreamWriter(csvPath, append);
        if (!continuing)
            _csv.WriteLine(PpoProgress.CsvHeader);
        _csv.Flush();
        _console = console;
    }

    /// <summary>Appends one row (flushed, so a crash keeps the log) and prints the summary.</summary>
    public void Report(PpoProgress value)
    {
        _csv.WriteLine(value.ToCsvRow());
        _csv.Flush();
        _console?.WriteLine(value.ToString());
    }

    /// <summary>Closes the CSV file.</summary>
    public void Dispose() => _csv.Dispose();
}
