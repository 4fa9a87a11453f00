using System.Buffers.Binary;
using System.Text.Json;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Benchmarks;

/// <summary>
/// Runs the numpy reference peer (bench/peers/twin_numpy.py, shipped inside this assembly) on a
/// <see cref="TwinBenchmark"/> workload and compares it with the C# simulator: the same patients, noise seeds,
/// rotating actions, days, step size and options (deaths and event draws on by default), one thread each.
/// </summary>
/// <remarks>
/// The agreement is checked per patient on every outcome the simulator reports (episode reward and cost, SLDs, ANC,
/// PFS and death days, best response, Q-TWiST day counts) and on the 23 state variables, within
/// <see cref="RelativeTolerance"/> of max(1, |C# value|). The peer follows the scalar reference's equations
/// (log(K/V), log(V/Vref), (Circ0/Circ)^gamma) with numpy's log, exp, power, cbrt and cos, which may be a few ulp off
/// the correctly rounded value (numpy's own SIMD loops); the SIMD kernel rearranges the equations and uses
/// <see cref="VectorMath"/>'s log and exp (within 5e-16). Both therefore differ from the exact RK4 solution by rounding
/// only, which the steps carry along: the same situation as the SIMD kernel against the scalar kernel, whose tested
/// tolerance over 17 cycles is 1e-9 relative, so that is the tolerance here. Rewards are whole days times the
/// utilities and costs are counts, so the checksum agrees exactly unless rounding flips a threshold (a death step, a
/// toxic day at ANC 1.0, a RECIST call, an event draw); such a flip moves a patient's reward by half a day or more
/// and shows as a patient outside the tolerance.
/// </remarks>
public static class TwinNumpyPeer
{
    /// <summary>Relative tolerance of the agreement (see the class remarks).</summary>
    public const double RelativeTolerance = 1e-9;

    /// <summary>File name of the peer under bench/peers.</summary>
    public const string ScriptName = "twin_numpy.py";

    /// <summary>Longest a peer run may take before it is stopped.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    /// <summary>The peer's source, bench/peers/twin_numpy.py as built into this assembly.</summary>
    public static string Source
    {
        get
        {
            using var stream = typeof(TwinNumpyPeer).Assembly.GetManifestResourceStream("DtSmdrl.Peers." + ScriptName)
                ?? throw new InvalidOperationException($"The assembly has no embedded {ScriptName} (DtSmdrl.Pipeline.csproj embeds bench/peers/{ScriptName}).");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>
    /// Runs the C# simulator (one thread, <paramref name="options"/>' kernel) and then the peer on
    /// <paramref name="python"/> on the same workload, and compares them. <paramref name="peerSource"/> replaces the
    /// shipped peer (tests use it to check that a wrong peer is caught). Throws <see cref="InvalidOperationException"/>
    /// with the peer's error output when the peer fails.
    /// </summary>
    public static TwinPeerComparison Compare(NumpyPython python, int patients, int days, NsclcSimulationOptions? options = null, int seed = 1, string? peerSource = null)
    {
        ArgumentNullException.ThrowIfNull(python);
        options ??= new NsclcSimulationOptions();
        var (result, simulator) = TwinBenchmark.Measure(patients, days, 1, options, seed);
        var (parameters, noiseSeeds) = TwinBenchmark.Population(patients, seed);
        var schedule = TwinBenchmark.Schedule(patients, days, options.Actions.Count);

        var folder = Directory.CreateTempSubdirectory("dtsmdrl-twin-peer-");
        try
        {
            var script = Path.Combine(folder.FullName, ScriptName);
            var workload = Path.Combine(folder.FullName, "workload.json");
            var results = Path.Combine(folder.FullName, "results.f64");
            File.WriteAllText(script, peerSource ?? Source);
            TwinPeerWorkload.Write(workload, options, parameters, noiseSeeds, schedule);
            var (report, wallSeconds) = RunPeer(python, script, workload, results);
            var run = ReadRun(python, report, wallSeconds, patients, days);
            var columns = ReadColumns(report, results, patients);
            return new TwinPeerComparison(result, run, Compare(simulator, columns, run.Checksum, result.Checksum));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The simulator's per-patient results under the names the peer reports them.</summary>
    internal static IReadOnlyDictionary<string, double[]> SimulatorColumns(NsclcBatchSimulator sim)
    {
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            [nameof(sim.EpisodeReward)] = sim.EpisodeReward.ToArray(),
            [nameof(sim.EpisodeCost)] = sim.EpisodeCost.ToArray(),
            [nameof(sim.BaselineSld)] = sim.BaselineSld.ToArray(),
            [nameof(sim.NadirSld)] = sim.NadirSld.ToArray(),
            [nameof(sim.LatestSld)] = sim.LatestSld.ToArray(),
            [nameof(sim.LatestAnc)] = sim.LatestAnc.ToArray(),
            [nameof(sim.PfsEventDay)] = sim.PfsEventDay.ToArray(),
            [nameof(sim.DeathDay)] = sim.DeathDay.ToArray(),
            [nameof(sim.BestResponse)] = sim.BestResponse.ToArray().Select(r => (double)(int)r).ToArray(),
            [nameof(sim.ToxicityDays)] = sim.ToxicityDays.ToArray(),
            [nameof(sim.TwistDays)] = sim.TwistDays.ToArray(),
            [nameof(sim.RelapseDays)] = sim.RelapseDays.ToArray(),
        };
        for (var v = 0; v < NsclcState.Count; v++)
        {
            columns["state " + NsclcState.Names[v]] = sim.StateVariable(v).ToArray();
        }

        return columns;
    }

    private static TwinPeerAgreement Compare(NsclcBatchSimulator sim, IReadOnlyDictionary<string, double[]> peer, double peerChecksum, double checksum)
    {
        var expected = SimulatorColumns(sim);
        var missing = expected.Keys.Where(k => !peer.ContainsKey(k)).ToList();
        var unknown = peer.Keys.Where(k => !expected.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
        {
            throw new InvalidOperationException($"The peer's results do not match the simulator's: missing [{string.Join(", ", missing)}], unknown [{string.Join(", ", unknown)}].");
        }

        var outside = new bool[sim.Count];
        var worst = 0.0;
        var worstColumn = "";
        foreach (var (name, values) in expected)
        {
            var theirs = peer[name];
            for (var i = 0; i < values.Length; i++)
            {
                var difference = RelativeDifference(theirs[i], values[i]);
                outside[i] |= !(difference <= RelativeTolerance);
                if (!(difference <= worst))
                {
                    worst = difference;
                    worstColumn = name;
                }
            }
        }

        return new TwinPeerAgreement(RelativeTolerance, expected.Count, outside.Count(o => o), worst, worstColumn, RelativeDifference(peerChecksum, checksum));
    }

    // |a - b| / max(1, |b|); NaN against NaN (no death, no PFS event) is agreement, NaN against a number is infinite.
    private static double RelativeDifference(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return double.IsNaN(a) && double.IsNaN(b) ? 0.0 : double.PositiveInfinity;
        }

        return Math.Abs(a - b) / Math.Max(1.0, Math.Abs(b));
    }

    private static (JsonElement Report, double WallSeconds) RunPeer(NumpyPython python, string script, string workload, string results)
    {
        // One thread, as the C# run: elementwise numpy does not thread, and this keeps any BLAS call it might make single-threaded too.
        var environment = new Dictionary<string, string>
        {
            ["OMP_NUM_THREADS"] = "1",
            ["OPENBLAS_NUM_THREADS"] = "1",
            ["MKL_NUM_THREADS"] = "1",
            ["PYTHONDONTWRITEBYTECODE"] = "1",
        };
        var run = ChildProcess.Run(python.Path, [script, workload, "--results", results], Timeout, environment);
        if (run.TimedOut)
        {
            throw new InvalidOperationException($"The numpy peer ({python.Path} {ScriptName}) did not finish within {Timeout.TotalMinutes:F0} minutes and was stopped.");
        }

        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"The numpy peer ({python.Path} {ScriptName}) failed with exit code {run.ExitCode}: {run.Error.Trim()}");
        }

        try
        {
            using var document = JsonDocument.Parse(run.Output);
            return (document.RootElement.Clone(), run.Seconds);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The numpy peer's output is not one JSON object ({e.Message}): {run.Output.Trim()}");
        }
    }

    private static TwinPeerRun ReadRun(NumpyPython python, JsonElement report, double wallSeconds, int patients, int days)
    {
        double Number(string name) => Field(report, name).GetDouble();
        var run = new TwinPeerRun(python.Path, python.PythonVersion, Field(report, "numpy").GetString() ?? "",
            Field(report, "numpy_simd").GetString() ?? "",
            Field(report, "patients").GetInt32(), Field(report, "days").GetInt32(),
            Number("seconds"), Number("patient_days_per_second"), Number("checksum"), wallSeconds);
        if (run.Patients != patients || run.Days != days)
        {
            throw new InvalidOperationException($"The numpy peer simulated {run.Patients} patients x {run.Days} d, not the {patients} x {days} d it was given.");
        }

        return run;
    }

    private static Dictionary<string, double[]> ReadColumns(JsonElement report, string path, int patients)
    {
        var names = Field(report, "columns").EnumerateArray().Select(c => c.GetString() ?? "").ToList();
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != names.Count * patients * sizeof(double))
        {
            throw new InvalidOperationException($"{path}: {bytes.Length} bytes, expected {names.Count} columns x {patients} patients of float64.");
        }

        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var c = 0; c < names.Count; c++)
        {
            var values = new double[patients];
            for (var i = 0; i < patients; i++)
            {
                values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan((c * patients + i) * sizeof(double)));
            }

            if (!columns.TryAdd(names[c], values))
            {
                throw new InvalidOperationException($"The numpy peer reports the column '{names[c]}' twice.");
            }
        }

        return columns;
    }

    private static JsonElement Field(JsonElement report, string name) =>
        report.TryGetProperty(name, out var value)
            ? value
            : throw new InvalidOperationException($"The numpy peer's report has no '{name}' ({report.GetRawText()[..Math.Min(200, report.GetRawText().Length)]}).");
}
