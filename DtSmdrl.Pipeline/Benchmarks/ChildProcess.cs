using System.Diagnostics;

namespace DtSmdrl.Pipeline.Benchmarks;

/// <summary>What a finished (or stopped) child process left: its exit code, both outputs and how long it ran.</summary>
/// <param name="ExitCode">Its exit code (-1 when it was stopped).</param>
/// <param name="Output">Everything it wrote to standard output.</param>
/// <param name="Error">Everything it wrote to standard error.</param>
/// <param name="TimedOut">True when it was stopped at the time limit.</param>
/// <param name="Seconds">Wall-clock seconds from start to exit, process start-up included.</param>
internal sealed record ChildProcessResult(int ExitCode, string Output, string Error, bool TimedOut, double Seconds);

/// <summary>
/// Runs a program to completion with both outputs captured and a time limit (the whole process tree is stopped at it),
/// for the benchmark's reference peers. Throws <see cref="System.ComponentModel.Win32Exception"/> when it cannot start.
/// </summary>
internal static class ChildProcess
{
    public static ChildProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        // Both streams are read while it runs, so a full pipe never blocks it.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new ChildProcessResult(-1, output.Result, error.Result, TimedOut: true, watch.Elapsed.TotalSeconds);
        }

        return new ChildProcessResult(process.ExitCode, output.Result, error.Result, TimedOut: false, watch.Elapsed.TotalSeconds);
    }
}
