namespace DtSmdrl.Pipeline.Evaluation.Progress;

/// <summary>Settings of <see cref="ProgressBar"/>; the defaults suit a terminal and a log file alike.</summary>
public sealed record ProgressBarOptions
{
    /// <summary>Where to print; null means <see cref="Console.Error"/>.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>Redraw one line in place (true) or print plain lines (false); null means "interactive unless stderr is redirected".</summary>
    public bool? Interactive { get; init; }

    /// <summary>Shortest time between two redraws of the interactive bar (default 0.25 s, at most four a second).</summary>
    public TimeSpan RedrawInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Shortest time between two plain lines when not interactive (default 10 s).</summary>
    public TimeSpan PlainLineInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Characters inside the brackets of the bar.</summary>
    public int BarWidth { get; init; } = 20;

    /// <summary>Elapsed time since the bar started; null means a <see cref="System.Diagnostics.Stopwatch"/>. Tests pass a fake clock.</summary>
    public Func<TimeSpan>? Clock { get; init; }
}
