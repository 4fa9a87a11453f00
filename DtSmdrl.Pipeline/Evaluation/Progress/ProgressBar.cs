using System.Diagnostics;
using System.Globalization;

namespace DtSmdrl.Pipeline.Evaluation.Progress;

/// <summary>
/// Console progress for long loops (training, cohort simulation, bootstrap):
/// <c>label  [#####...............] 123/1000  12.3/s  eta 00:01:10</c> on stderr.
/// </summary>
/// <remarks>
/// On a terminal the line is redrawn in place with a carriage return, at most every
/// <see cref="ProgressBarOptions.RedrawInterval"/>. When stderr is redirected (a log file, CI) carriage returns
/// would pile up, so it prints a plain line at most every <see cref="ProgressBarOptions.PlainLineInterval"/>
/// instead. The rate is the average since the start; the eta assumes it holds. With an unknown total (&lt;= 0)
/// the bar and eta are left out. <see cref="Report"/> is thread-safe; <see cref="Complete"/> (or Dispose)
/// prints the final state once and ends the line.
/// </remarks>
public sealed class ProgressBar : IProgress<long>, IDisposable
{
    private readonly Lock _gate = new();
    private readonly string _label;
    private readonly long _total;
    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly TimeSpan _interval;
    private readonly int _barWidth;
    private readonly Func<TimeSpan> _clock;
    private long _completed;
    private TimeSpan? _lastPrint;
    private long _lastPrintedCompleted = -1;
    private int _lastLength;
    private bool _finished;

    /// <summary>Starts a progress display; nothing is printed until the first <see cref="Report"/>.</summary>
    /// <param name="label">What is progressing, e.g. "train DT-SMDRL seed 1".</param>
    /// <param name="total">Units of work expected; &lt;= 0 when unknown.</param>
    /// <param name="options">Output, mode, intervals and clock; null for the defaults.</param>
    public ProgressBar(string label, long total, ProgressBarOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        options ??= new ProgressBarOptions();
        if (options.BarWidth < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.BarWidth, "ProgressBarOptions.BarWidth must be at least 1.");
        _label = label;
        _total = total;
        _output = options.Output ?? Console.Error;
        _interactive = options.Interactive ?? !Console.IsErrorRedirected;
        _interval = _interactive ? options.RedrawInterval : options.PlainLineInterval;
        _barWidth = options.BarWidth;
        if (options.Clock is { } clock)
        {
            _clock = clock;
        }
        else
        {
            var watch = Stopwatch.StartNew();
            _clock = () => watch.Elapsed;
        }
    }

    /// <summary>Units completed so far.</summary>
    public long Completed
    {
        get { lock (_gate) return _completed; }
    }

    /// <summary>Sets the units completed so far (absolute, not an increment) and prints if the interval has passed.</summary>
    public void Report(long completed)
    {
        lock (_gate)
        {
            if (_finished) return;
            _completed = completed;
            var now = _clock();
            if (_lastPrint is { } last && now - last < _interval) return;
            Print(now, endLine: false);
        }
    }

    /// <summary>Adds <paramref name="units"/> to the units completed and prints if the interval has passed.</summary>
    public void Increment(long units = 1)
    {
        lock (_gate) Report(_completed + units);
    }

    /// <summary>Prints the final state and ends the line; later reports are ignored.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_finished) return;
            Print(_clock(), endLine: true);
            _finished = true;
        }
    }

    /// <summary>Same as <see cref="Complete"/>.</summary>
    public void Dispose() => Complete();

    /// <summary>
    /// The progress line for the given state, e.g. <c>label  [##########..........] 500/1000  12.3/s  eta 00:00:40</c>.
    /// The eta is "--:--:--" while the rate is zero; with total &lt;= 0 the bar and eta are omitted.
    /// </summary>
    public static string FormatLine(string label, long completed, long total, TimeSpan elapsed, int barWidth = 20)
    {
        var seconds = elapsed.TotalSeconds;
        var rate = seconds > 0 ? completed / seconds : 0.0;
        var rateText = rate.ToString("F1", CultureInfo.InvariantCulture) + "/s";
        if (total <= 0)
            return $"{label}  {completed.ToString(CultureInfo.InvariantCulture)}  {rateText}  elapsed {Clock(elapsed)}";

        var share = Math.Clamp(completed / (double)total, 0.0, 1.0);
        var filled = (int)Math.Floor(share * barWidth);
        var bar = new string('#', filled) + new string('.', barWidth - filled);
        var remaining = Math.Max(0, total - completed);
        var eta = rate > 0 ? Clock(TimeSpan.FromSeconds(remaining / rate)) : "--:--:--";
        return $"{label}  [{bar}] {completed.ToString(CultureInfo.InvariantCulture)}/{total.ToString(CultureInfo.InvariantCulture)}  {rateText}  eta {eta}";
    }

    private void Print(TimeSpan now, bool endLine)
    {
        var line = FormatLine(_label, _completed, _total, now, _barWidth);
        if (_interactive)
        {
            // Pad over the tail of a longer previous line, since \r does not clear it.
            var padding = Math.Max(0, _lastLength - line.Length);
            _output.Write("\r" + line + new string(' ', padding));
            if (endLine) _output.Write('\n');
            _lastLength = line.Length;
        }
        else
        {
            // A log gets no repeated final line when nothing moved since the last one.
            if (endLine && _completed == _lastPrintedCompleted) return;
            _output.Write(line + "\n");
        }
        _output.Flush();
        _lastPrint = now;
        _lastPrintedCompleted = _completed;
    }

    private static string Clock(TimeSpan time)
    {
        var totalSeconds = (long)Math.Round(time.TotalSeconds);
        return $"{totalSeconds / 3600:00}:{totalSeconds / 60 % 60:00}:{totalSeconds % 60:00}";
    }
}
