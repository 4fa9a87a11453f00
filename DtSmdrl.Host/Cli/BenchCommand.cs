using System.CommandLine;
using System.Globalization;
using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Benchmarks;
using DtSmdrl.Pipeline.Provenance;
using DtSmdrl.Pipeline.Twin.Calibration;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl bench`: the performance metrics of metrics.md measured side by side in one run, as a
/// table and a CSV, with the machine. Nothing here is asserted; the numbers are reported.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var output = CommonOptions.Out("bench-out");
        var large = new Option<int>("--large") { Description = "Patients in the large twin batch", DefaultValueFactory = _ => 100_000 };
        var command = new Command("bench", "Measure twin throughput (1, 1k, 100k patients; 1 vs all threads), the oracle's time per patient and PPO training throughput on the twin") { output, large };
        command.SetAction(parse => Run(parse.GetValue(output)!, parse.GetValue(large)));
        command.Subcommands.Add(BenchZhaoCommand.Create());
        return command;
    }

    private static int Run(string output, int large)
    {
        var machine = MachineInfo.Current();
        Console.WriteLine($"machine: {machine}");
        var rows = new List<(string Name, string Setting, double Value, string Unit)>();
        var cores = Environment.ProcessorCount;
        foreach (var (patients, days) in new[] { (1, 364), (1000, 364), (large, 42) })
        {
            TwinBenchmark.Run(Math.Min(patients, 256), 21, 1); // warm-up
            var single = TwinBenchmark.Run(patients, days, 1);
            var multi = TwinBenchmark.Run(patients, days, cores);
            rows.Add(("twin throughput", $"{patients} patients x {days} d, 1 thread", single.PatientDaysPerSecond, "patient-days/s"));
            rows.Add(("twin throughput", $"{patients} patients x {days} d, {cores} threads", multi.PatientDaysPerSecond, "patient-days/s"));
            rows.Add(("twin threads speed-up", $"{patients} patients", multi.PatientDaysPerSecond / single.PatientDaysPerSecond, "x"));
        }
        var prior = new TwinPrior();
        var rng = new Random(1);
        var twins = Enumerable.Range(0, 8).Select(_ => prior.SamplePopulation(rng)).ToList();
        var oracle = OracleBenchmark.Run(twins);
        rows.Add(("oracle", $"{oracle.Plans} plans, 1 thread", oracle.SecondsPerPatient * 1000, "ms/patient"));

        // PPO training throughput on the batched twin environment (the study arms' setting: 64 slots x 32 steps).
        var pool = Enumerable.Range(0, 512).Select(_ => prior.SamplePopulation(rng)).ToList();
        var empty = pool.Select(_ => Array.Empty<float>()).ToList();
        var ppo = PpoBenchmark.Run(new PpoBenchmarkOptions { NumEnvs = 64, NumSteps = 32, WarmupUpdates = 1, MeasuredUpdates = 5, ThreadCounts = [1, cores] },
            () => new TwinVectorEnv(64, pool, empty));
        foreach (var r in ppo)
        {
            rows.Add(("ppo env steps (twin)", $"64 envs x 32 steps, {r.Threads} torch thread(s)", r.EnvStepsPerSecond, "steps/s"));
            rows.Add(("ppo rollout steps (twin)", $"64 envs, {r.Threads} torch thread(s)", r.RolloutEnvStepsPerSecond, "steps/s"));
            rows.Add(("ppo gradient updates", $"minibatch {r.MinibatchSize}, {r.Threads} torch thread(s)", r.GradientUpdatesPerSecond, "updates/s"));
        }

        // DT-SMDRL decision time: K adaptation updates on the patient's twins plus shielded closed-loop rollouts.
        var recommendation = RecommendationBenchmark.Run();
        rows.Add(("recommendation latency", $"1 patient, p50 of {recommendation.Patients}", recommendation.P50Milliseconds, "ms"));
        rows.Add(("recommendation latency", $"1 patient, p95 of {recommendation.Patients}", recommendation.P95Milliseconds, "ms"));
        rows.Add(("recommendation throughput", $"batch of {recommendation.Patients}, 1 torch thread", recommendation.PatientsPerSecond, "patients/s"));

        Directory.CreateDirectory(output);
        using (var csv = new StreamWriter(Path.Combine(output, "bench.csv")))
        {
            csv.WriteLine("metric,setting,value,unit,machine");
            foreach (var r in rows)
                csv.WriteLine($"{r.Name},\"{r.Setting}\",{r.Value.ToString("R", CultureInfo.InvariantCulture)},{r.Unit},\"{machine}\"");
        }
        Console.WriteLine($"{"metric",-24} {"setting",-36} {"value",14} unit");
        foreach (var r in rows)
            Console.WriteLine($"{r.Name,-24} {r.Setting,-36} {r.Value,14:N1} {r.Unit}");
        Console.WriteLine($"written {Path.Combine(output, "bench.csv")}");
        return 0;
    }
}
