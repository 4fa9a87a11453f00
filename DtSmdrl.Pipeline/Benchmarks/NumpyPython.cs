using System.ComponentModel;

namespace DtSmdrl.Pipeline.Benchmarks;

/// <summary>A Python interpreter that imports numpy: what the numpy reference peer (<see cref="TwinNumpyPeer"/>) runs on.</summary>
/// <param name="Path">The interpreter as it was found (a path, or a name looked up on PATH).</param>
/// <param name="PythonVersion">Its version, e.g. 3.11.2.</param>
/// <param name="NumpyVersion">numpy's version, e.g. 1.24.2.</param>
public sealed record NumpyPython(string Path, string PythonVersion, string NumpyVersion)
{
    /// <summary>The interpreters tried when none is named: python3 on PATH (which may be a pyenv shim without numpy), then Debian's.</summary>
    public static IReadOnlyList<string> DefaultCandidates { get; } = ["python3", "/usr/bin/python3"];

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The first of <paramref name="requested"/> (when given, only it) or <see cref="DefaultCandidates"/> that runs and
    /// imports numpy; null with <paramref name="whyNot"/> saying what each candidate answered when none does.
    /// </summary>
    public static NumpyPython? Find(string? requested, out string whyNot)
    {
        var reasons = new List<string>();
        foreach (var candidate in requested is null ? DefaultCandidates : [requested])
        {
            var found = Probe(candidate, out var reason);
            if (found is not null)
            {
                whyNot = "";
                return found;
            }

            reasons.Add($"{candidate}: {reason}");
        }

        whyNot = $"no Python with numpy ({string.Join("; ", reasons)})";
        return null;
    }

    private static NumpyPython? Probe(string python, out string reason)
    {
        ChildProcessResult run;
        try
        {
            run = ChildProcess.Run(python, ["-c", "import platform, numpy; print(platform.python_version(), numpy.__version__)"], ProbeTimeout);
        }
        catch (Win32Exception e)
        {
            reason = $"cannot run it ({e.Message})";
            return null;
        }

        if (run.TimedOut)
        {
            reason = $"no answer within {ProbeTimeout.TotalSeconds:F0} s";
            return null;
        }

        var words = run.Output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (run.ExitCode != 0 || words.Length != 2)
        {
            var lastLine = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            reason = lastLine ?? $"exit code {run.ExitCode}";
            return null;
        }

        reason = "";
        return new NumpyPython(python, words[0], words[1]);
    }
}
