using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Benchmarks;
using DtSmdrl.Pipeline.Fusion;
using DtSmdrl.Pipeline.Fusion.Evaluation;
using DtSmdrl.Pipeline.Provenance;
using DtSmdrl.Pipeline.Twin.Prior;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl bench`: the performance metrics of metrics.md measured side by side in one run, as a
/// table and a CSV, with the machine. Nothing here is asserted; the numbers are reported. Each
/// measurement lives next to what it measures; this command only assembles the rows.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var output = CommonOptions.Out("bench-out");
        var large = new Option<int>("--large") { Description = "Patients in the large twin batch (0 skips it)", DefaultValueFactory = _ => 100_000 };
        var study = new Option<string?>("--study") { Description = "Output folder of a finished `dtsmdrl study`: adds its peak memory and wall time (from manifest.json) as rows" };
        var parts = new Option<string>("--parts") { Description = $"Comma-separated parts to measure ({string.Join(", ", Parts)})", DefaultValueFactory = _ => string.Join(",", Parts) };
        var compare = CompareOption();
        var python = PythonOption();
        var command = new Command("bench", "Measure twin throughput (1, 1k, 100k patients; 1 vs all threads; scalar vs batched), the oracle's time per patient, PPO training throughput on the twin, fusion training and inference throughput, DT-SMDRL recommendation latency (sequential vs parallel batch), CDS Hooks call latency and peak memory")
        {
            output, large, study, parts, compare, python,
        };
        command.SetAction(parse => Run(parse.GetValue(output)!, parse.GetValue(large), parse.GetValue(study), parse.GetValue(parts)!, parse.GetValue(compare), parse.GetValue(python)));
        command.Subcommands.Add(BenchZhaoCommand.Create());
        command.Subcommands.Add(BenchCdsHooksCommand.Create());
        command.Subcommands.Add(BenchWebCommand.Create());
        command.Subcommands.Add(BenchTwinMpcCommand.Create());
        command.Subcommands.Add(BenchClusterCommand.Create());
        command.Subcommands.Add(BenchOracleCommand.Create());
        command.Subcommands.Add(BenchTwinCommand.Create());
        return command;
    }

    /// <summary>The bench's parts, in the order they run.</summary>
    public static readonly IReadOnlyList<string> Parts = ["twin", "oracle", "ppo", "fusion", "recommendation", "cds-hooks"];

    internal static Option<bool> CompareOption() => new("--compare")
    {
        Description = "Also run the numpy reference peer of the twin (bench/peers/twin_numpy.py) on the same patients, 1 thread, and report its "
            + "patient-days/s, the C#/numpy ratio and their agreement; skipped, with the reason, when no Python with numpy is found",
    };

    internal static Option<string?> PythonOption() => new("--python")
    {
        Description = "Python for --compare (default: python3 on PATH, then /usr/bin/python3; the first that imports numpy)",
    };

    private static int Run(string output, int large, string? studyFolder, string partList, bool compare, string? python)
    {
        var chosen = partList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = chosen.Where(p => !Parts.Contains(p)).ToList();
        if (chosen.Count == 0 || unknown.Count > 0)
        {
            var what = chosen.Count == 0 ? "no part named" : $"unknown part(s) {string.Join(", ", unknown)}";
            Console.Error.WriteLine($"bench --parts '{partList}': {what}; the parts are {string.Join(", ", Parts)}.");
            return 2;
        }
        if (large < 0)
        {
            Console.Error.WriteLine($"--large {large}: must be 0 (skip the large batch) or a patient count.");
            return 2;
        }
        // Read the study's manifest first, so a wrong folder fails before minutes of measuring.
        StudyFootprint? study = null;
        if (studyFolder is not null)
        {
            try
            {
                study = StudyFootprint.Read(studyFolder);
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
            {
                Console.Error.WriteLine($"bench --study: {e.Message}");
                return 2;
            }
        }

        var machine = MachineInfo.Current();
        Console.WriteLine($"machine: {machine}");
        var rows = new List<BenchRow>();
        var cores = Environment.ProcessorCount;
        var wall = Stopwatch.StartNew();
        // Peak working set (RSS) of this process after each part: it only grows, so the part that raised it shows.
        var peaks = new List<BenchRow>();
        void Part(string name, Action<List<BenchRow>, int> add)
        {
            if (!chosen.Contains(name)) return;
            Console.Error.WriteLine($"[{wall.Elapsed:mm\\:ss}] {name}");
            add(rows, cores);
            peaks.Add(new("peak memory", $"bench process, after {name}", Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0), "MiB"));
        }
        Part("twin", (r, c) => AddTwinRows(r, large, c, compare, python));
        Part("oracle", (r, _) => AddOracleRows(r));
        Part("ppo", AddPpoRows);
        Part("fusion", AddFusionRows);
        Part("recommendation", AddRecommendationRows);
        Part("cds-hooks", (r, _) => AddCdsHooksRows(r));
        rows.AddRange(peaks);
        if (study is not null)
        {
            var name = new DirectoryInfo(studyFolder!).Name;
            var where = study.Machine is null || study.Machine == machine.ToString() ? "" : $" (on {study.Machine})";
            rows.Add(new("peak memory", $"study {name} (peak working set){where}", study.PeakWorkingSetMiB, "MiB"));
            rows.Add(new("study wall time", $"study {name}", study.WallSeconds, "s"));
        }

        Directory.CreateDirectory(output);
        var csvPath = Path.Combine(output, "bench.csv");
        using (var csv = new StreamWriter(csvPath))
        {
            csv.WriteLine("metric,setting,value,unit,machine");
            foreach (var r in rows)
                csv.WriteLine($"{r.Metric},\"{r.Setting}\",{r.Value.ToString("R", CultureInfo.InvariantCulture)},{r.Unit},\"{machine}\"");
        }
        Console.WriteLine($"{"metric",-33} {"setting",-58} {"value",14} unit");
        foreach (var r in rows)
            Console.WriteLine($"{r.Metric,-33} {r.Setting,-58} {r.Value,14:N2} {r.Unit}");
        Console.WriteLine($"written {csvPath} ({wall.Elapsed.TotalSeconds:F0} s)");
        return 0;
    }

    internal sealed record BenchRow(string Metric, string Setting, double Value, string Unit);

    internal static void AddTwinRows(List<BenchRow> rows, int large, int cores, bool compare = false, string? python = null)
    {
        // Scalar (one patient at a time, Math.Log/Exp/Pow) and SIMD kernels of the batched simulator, same patients
        // and plans, deaths and events on; the fraction of peak uses the flops counted in NsclcSimdKernel.
        var gigahertz = CpuPeak.GigahertzFromCpuInfo();
        var stepsPerDay = (int)Math.Round(1.0 / new NsclcSimulationOptions().StepSize);
        var flopsPerPatientDay = (double)NsclcSimdKernel.FlopsPerStep * stepsPerDay;
        var modelFlopsPerPatientDay = (double)(4 * NsclcSimdKernel.ModelFlopsPerEvaluation + NsclcSimdKernel.NonModelFlopsPerStep) * stepsPerDay;
        rows.Add(new("twin SIMD kernel", $"Vector256 hardware-accelerated: {(NsclcSimdKernel.IsHardwareAccelerated ? "yes" : "no (software fallback)")}", NsclcSimdKernel.IsHardwareAccelerated ? 1 : 0, "bool"));
        rows.Add(new("twin flops per patient-day", "SIMD kernel, counted from the code, log/exp included", flopsPerPatientDay, "flops"));
        rows.Add(new("twin flops per patient-day", $"SIMD kernel, without log/exp internals ({16 * stepsPerDay} log/exp)", modelFlopsPerPatientDay, "flops"));
        rows.Add(new("machine peak", $"1 core x {gigahertz:F2} GHz (/proc/cpuinfo) x 4 x 2 FMA x 2", CpuPeak.Gflops(1, gigahertz), "GFLOP/s"));
        var sizes = new List<(int Patients, int Days)> { (1, 364), (1000, 364) };
        if (large > 0)
            sizes.Add((large, 42));
        var simd = new NsclcSimulationOptions { Kernel = TwinKernel.Simd };
        var scalar = new NsclcSimulationOptions { Kernel = TwinKernel.Scalar };
        foreach (var (patients, days) in sizes)
        {
            TwinBenchmark.Run(Math.Min(patients, 256), 21, 1, simd); // warm-up
            TwinBenchmark.Run(Math.Min(patients, 256), 21, 1, scalar);
            foreach (var threads in new[] { 1, cores }.Distinct())
            {
                var s = TwinBenchmark.Run(patients, days, threads, scalar);
                var v = TwinBenchmark.Run(patients, days, threads, simd);
                var setting = $"{patients} patients x {days} d, {threads} thread(s)";
                rows.Add(new("twin throughput scalar", setting, s.PatientDaysPerSecond, "patient-days/s"));
                rows.Add(new("twin throughput SIMD", setting, v.PatientDaysPerSecond, "patient-days/s"));
                rows.Add(new("twin SIMD/scalar speed-up", setting, v.PatientDaysPerSecond / s.PatientDaysPerSecond, "x"));
                rows.Add(new("twin SIMD share of peak", $"{setting}, peak of {threads} core(s)", 100 * v.PatientDaysPerSecond * flopsPerPatientDay / (CpuPeak.Gflops(threads, gigahertz) * 1e9), "%"));
            }
        }

        // The single-patient reference path against the batched one on the same patients and plans.
        var reference = ScalarTwinBenchmark.Run(200, 17);
        var referenceSetting = $"{reference.Scalar.Patients} patients x {reference.Scalar.Days} d, 1 thread, no deaths/irAEs";
        rows.Add(new("twin scalar (reference)", referenceSetting, reference.Scalar.PatientDaysPerSecond, "patient-days/s"));
        rows.Add(new("twin batched", referenceSetting, reference.Batched.PatientDaysPerSecond, "patient-days/s"));
        rows.Add(new("twin batched/scalar speed-up", $"checksums {(reference.ChecksumsAgree ? "agree" : "DIFFER")}", reference.Speedup, "x"));

        // The numpy peer on the batches where a vectorised port is meaningful (a single patient measures numpy's per-call overhead).
        if (compare)
            AddPeerRows(rows, sizes.Where(s => s.Patients > 1), python);
    }

    /// <summary>
    /// Runs the numpy reference peer (<see cref="TwinNumpyPeer"/>) against the C# SIMD kernel on each batch, one thread each;
    /// without a Python that imports numpy it adds one row saying why the peer was skipped.
    /// </summary>
    internal static void AddPeerRows(List<BenchRow> rows, IEnumerable<(int Patients, int Days)> sizes, string? pythonPath)
    {
        var python = NumpyPython.Find(pythonPath, out var whyNot);
        if (python is null)
        {
            Console.WriteLine($"twin numpy peer skipped: {whyNot}");
            rows.Add(new("twin numpy peer", $"skipped: {whyNot}", double.NaN, "patient-days/s"));
            return;
        }

        foreach (var (patients, days) in sizes)
        {
            var setting = $"{patients} patients x {days} d, 1 thread";
            Console.Error.WriteLine($"  numpy peer ({python.Path}, numpy {python.NumpyVersion}): {setting}");
            TwinPeerComparison c;
            try
            {
                c = TwinNumpyPeer.Compare(python, patients, days);
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"twin numpy peer, {setting}: {e.Message}");
                rows.Add(new("twin numpy peer", $"{setting}: failed (see the error output)", double.NaN, "patient-days/s"));
                continue;
            }

            var a = c.Agreement;
            var agreement = a.Agrees
                ? $"{setting}: agree within {a.Tolerance:G}, largest difference {a.MaxRelativeDifference:G2} ({a.WorstColumn})"
                : $"{setting}: DIFFER, {a.PatientsOutside} patients outside {a.Tolerance:G} (largest {a.MaxRelativeDifference:G2}, {a.WorstColumn}), checksums {(a.ChecksumsAgree ? "agree" : "differ")}";
            rows.Add(new("twin numpy peer", $"{setting}, numpy {c.Peer.NumpyVersion} ({Simd(c.Peer.NumpySimd)}), Python {c.Peer.PythonVersion}", c.Peer.PatientDaysPerSecond, "patient-days/s"));
            rows.Add(new("twin numpy peer time", $"{setting}, timed region (whole process {c.Peer.WallSeconds:F1} s)", c.Peer.Seconds, "s"));
            rows.Add(new("twin C# SIMD / numpy", $"{setting}, same patients and plans", c.Speedup, "x"));
            rows.Add(new("twin numpy peer agreement", agreement, a.MaxRelativeDifference, "relative"));
        }

        // numpy picks its loops at run time (AVX-512 where the CPU has it); the C# kernel is Vector256 (AVX2) everywhere.
        static string Simd(string extension) => extension.Length == 0 ? "SIMD dispatch unknown" : $"dispatch up to {extension}";
    }

    private static void AddOracleRows(List<BenchRow> rows)
    {
        var oracle = OracleBenchmark.Run(SamplePatients(3, seed: 1));
        rows.Add(new("perfect-information planner", $"{oracle.Plans} plans, 16 oracle + 4 evaluation replicates, 1 thread", oracle.SecondsPerPatient * 1000, "ms/patient"));
    }

    private static void AddPpoRows(List<BenchRow> rows, int cores)
    {
        // PPO training throughput on the batched twin environment (the study arms' setting: 64 slots x 32 steps).
        var pool = SamplePatients(512, seed: 2);
        var empty = pool.Select(_ => Array.Empty<float>()).ToList();
        var ppo = PpoBenchmark.Run(new PpoBenchmarkOptions { NumEnvs = 64, NumSteps = 32, WarmupUpdates = 1, MeasuredUpdates = 5, ThreadCounts = [1, cores] },
            () => new TwinVectorEnv(64, pool, empty));
        foreach (var r in ppo)
        {
            rows.Add(new("ppo env steps (twin)", $"64 envs x 32 steps, {r.Threads} torch thread(s)", r.EnvStepsPerSecond, "steps/s"));
            rows.Add(new("ppo rollout steps (twin)", $"64 envs, {r.Threads} torch thread(s)", r.RolloutEnvStepsPerSecond, "steps/s"));
            rows.Add(new("ppo gradient updates", $"minibatch {r.MinibatchSize}, {r.Threads} torch thread(s)", r.GradientUpdatesPerSecond, "updates/s"));
        }
        if (ppo.Count == 2)
        {
            rows.Add(new("ppo threads speed-up", $"env steps, {cores} vs 1 torch threads", ppo[1].EnvStepsPerSecond / ppo[0].EnvStepsPerSecond, "x"));
            rows.Add(new("ppo threads speed-up", $"gradient updates, {cores} vs 1 torch threads", ppo[1].GradientUpdatesPerSecond / ppo[0].GradientUpdatesPerSecond, "x"));
        }
    }

    private static void AddFusionRows(List<BenchRow> rows, int cores)
    {
        // A small synthetic set and two epochs keep this part short; the model is the study's default size.
        var mcPasses = new FusionEvaluationOptions().McPasses;
        FusionBenchmark.Run(patients: 64, epochs: 1, mcPasses: 1, threads: 1); // warm-up (JIT, libtorch)
        var results = new[] { 1, cores }.Distinct().Select(t => FusionBenchmark.Run(patients: 500, epochs: 2, mcPasses: mcPasses, threads: t)).ToList();
        foreach (var r in results)
        {
            var threads = $"{r.Threads} torch thread(s)";
            rows.Add(new("fusion training", $"{r.Patients} patients, {r.Features} tokens, {threads}", r.TrainingPatientsPerSecond, "patients/s"));
            rows.Add(new("fusion training", $"{r.Patients} patients, mean of {r.Epochs} epochs, {threads}", r.SecondsPerEpoch, "s/epoch"));
            rows.Add(new("fusion inference", $"1 pass, {threads}", r.PatientsPerSecond, "patients/s"));
            rows.Add(new("fusion inference", $"1 + {r.McPasses} MC-dropout passes, {threads}", r.McPatientsPerSecond, "patients/s"));
        }
        if (results.Count == 2)
        {
            rows.Add(new("fusion threads speed-up", $"training, {cores} vs 1 torch threads", results[1].TrainingPatientsPerSecond / results[0].TrainingPatientsPerSecond, "x"));
            rows.Add(new("fusion threads speed-up", $"inference with MC dropout, {cores} vs 1", results[1].McPatientsPerSecond / results[0].McPatientsPerSecond, "x"));
        }
    }

    private static void AddRecommendationRows(List<BenchRow> rows, int cores)
    {
        // DT-SMDRL decision time: K adaptation updates on the patient's twins plus shielded closed-loop rollouts,
        // the same batch one after another and over all cores (one torch thread per .NET thread).
        var r = RecommendationBenchmark.Run(patients: 12, threads: cores);
        foreach (var timing in new[] { r.Sequential, r.Parallel })
        {
            var how = timing.Threads == 1 ? "one at a time" : $"{timing.Threads} at a time";
            rows.Add(new("recommendation latency", $"batch of {r.Patients}, {how}, p50", timing.P50Milliseconds, "ms/patient"));
            rows.Add(new("recommendation latency", $"batch of {r.Patients}, {how}, p95", timing.P95Milliseconds, "ms/patient"));
            rows.Add(new("recommendation throughput", $"batch of {r.Patients}, {how}", timing.PatientsPerSecond, "patients/s"));
        }
        rows.Add(new("recommendation parallel speed-up", $"{cores} vs 1 threads, results {(r.ParallelMatchesSequential ? "identical" : "DIFFER")}",
            r.Parallel.PatientsPerSecond / r.Sequential.PatientsPerSecond, "x"));
        // Each stage's share of the sequential latency: what the jobs would have to precompute for a p95 of 50 ms.
        var stages = r.Stages;
        foreach (var (stage, ms) in new[] { ("adaptation (K PPO updates)", stages.AdaptationMilliseconds),
                     ("shield toxicity forecasts", stages.ShieldForecastMilliseconds), ("rollouts and summary", stages.RolloutMilliseconds) })
        {
            rows.Add(new("recommendation stage", $"{stage}, mean of {r.Patients}, one at a time", ms, "ms/patient"));
            rows.Add(new("recommendation stage share", stage, 100 * ms / stages.TotalMilliseconds, "%"));
        }
    }

    private static void AddCdsHooksRows(List<BenchRow> rows)
    {
        // Hook calls over loopback HTTP for patients whose twin is up to date (the spec's guidance: under 500 ms at p95).
        foreach (var t in Web.CdsHooks.CdsHooksBenchmark.Run())
        {
            rows.Add(new("cds hooks latency", $"{t.Hook}, {t.Calls} calls, full prefetch, p50", t.P50Milliseconds, "ms"));
            rows.Add(new("cds hooks latency", $"{t.Hook}, {t.Calls} calls, full prefetch, p95", t.P95Milliseconds, "ms"));
            rows.Add(new("cds hooks over budget", $"{t.Hook}, answered 503 of {t.Calls} calls", t.OverBudget, "calls"));
        }
    }

    internal static List<Pipeline.Twin.Models.NsclcParameters> SamplePatients(int count, int seed)
    {
        var prior = new TwinPrior();
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => prior.SamplePopulation(rng)).ToList();
    }
}
