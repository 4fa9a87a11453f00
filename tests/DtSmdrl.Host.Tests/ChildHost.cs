using System.Diagnostics;

namespace DtSmdrl.Host.Tests;

/// <summary>
/// The `dtsmdrl` host as a child process, started through the same muxer that runs the tests
/// (<see cref="Environment.ProcessPath"/> is eng/dotnet's patched dotnet), with a configuration file.
/// </summary>
public sealed class ChildHost : IDisposable
{
    private readonly Process process;

    private ChildHost(Process process) => this.process = process;

    public int Id => process.Id;

    public static ChildHost Start(string configFile, params string[] verb)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "dtsmdrl.dll");
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in verb) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configFile);
        var process = Process.Start(start)!;
        var child = new ChildHost(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (child.Output) child.Output.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (child.Output) child.Output.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Everything the child wrote (stdout and stderr).</summary>
    public List<string> Output { get; } = [];

    public string Text
    {
        get
        {
            lock (Output) return string.Join("\n", Output);
        }
    }

    /// <summary>SIGKILL: no chance to clean up.</summary>
    public void Kill() => process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM: what systemd sends to stop a service.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public bool WaitForExit(TimeSpan timeout) => process.WaitForExit(timeout);

    public int ExitCode => process.ExitCode;

    public bool HasExited => process.HasExited;

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    /// <summary>Polls <paramref name="condition"/> until true or the timeout.</summary>
    public static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition()) return true;
            Thread.Sleep(25);
        }
        return condition();
    }
}
