using System.CommandLine;
using System.Globalization;
using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Benchmarks.Zhao;
using DtSmdrl.Pipeline.Provenance;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl bench zhao`: the published Zhao 2009 benchmark. Trains PPO on the Zhao chemotherapy model and
/// compares the greedy policy with every constant dose on the same virtual patients; prints the table and
/// the training throughput, writes zhao.csv (table), zhao-training.csv (one row per PPO update) and
/// zhao-throughput.csv. The oracle row is the per-patient optimal dose sequence (an upper reference). The outcome is reported, not asserted (the exit code is 0 either way).
/// </summary>
public static class BenchZhaoCommand
{
    public static Command Create()
    {
        var output = CommonOptions.Out("bench-out");
        var seed = CommonOptions.Seed();
        var defaults = new ZhaoBenchmarkOptions();
        var steps = new Option<long>("--steps") { Description = "PPO environment steps", DefaultValueFactory = _ => defaults.Ppo.TotalSteps };
        var patients = new Option<int>("--patients") { Description = "Virtual patients in the evaluation cohort", DefaultValueFactory = _ => defaults.Patients };
        var noOracle = new Option<bool>("--no-oracle") { Description = "Skip the per-patient optimal dose search (about a minute on 2 cores)" };
        var quiet = CommonOptions.Quiet();
        var command = new Command("zhao", "Zhao 2009 benchmark: PPO against every constant dose on the same virtual patients") { output, seed, steps, patients, noOracle, quiet };
        command.SetAction(parse => Run(parse.GetValue(output)!, parse.GetValue(seed), parse.GetValue(steps), parse.GetValue(patients), !parse.GetValue(noOracle), parse.GetValue(quiet)));
        return command;
    }

    private static int Run(string output, int seed, long steps, int patients, bool oracle, bool quiet)
    {
        var machine = MachineInfo.Current();
        Console.WriteLine($"machine: {machine}");
        var defaults = new ZhaoBenchmarkOptions();
        var options = defaults with { Patients = patients, IncludeOracle = oracle, Ppo = defaults.Ppo with { Seed = seed, TotalSteps = steps } };
        Directory.CreateDirectory(output);
        ZhaoBenchmarkResult result;
        using (var log = new PpoProgressLog(Path.Combine(output, "zhao-training.csv"), quiet ? null : Console.Out))
            result = ZhaoBenchmark.Run(options, log);

        Console.WriteLine(ZhaoBenchmarkReport.FormatTable(result));
        var t = result.Training;
        Console.WriteLine($"training: {t.EnvSteps} env steps, {t.Updates} PPO updates, {t.GradientSteps} gradient steps in {t.Seconds:F1} s, torch threads {t.TorchThreads}");
        Console.WriteLine($"  {t.EnvStepsPerSecond:N0} env steps/s overall, {t.RolloutEnvStepsPerSecond:N0} env steps/s in rollouts, {t.GradientUpdatesPerSecond:N0} gradient updates/s");
        if (result.Oracle is not null)
            Console.WriteLine($"oracle search: {result.OracleSeconds:F1} s for {result.Oracle.Patients} patients");
        Console.WriteLine($"wall time (training + evaluation): {result.TotalSeconds:F1} s");

        ZhaoBenchmarkReport.WriteCsv(Path.Combine(output, "zhao.csv"), result);
        using (var csv = new StreamWriter(Path.Combine(output, "zhao-throughput.csv")))
        {
            static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
            csv.WriteLine("env_steps,ppo_updates,gradient_steps,training_seconds,env_steps_per_second,rollout_env_steps_per_second,gradient_updates_per_second,torch_threads,total_seconds,machine");
            csv.WriteLine($"{t.EnvSteps},{t.Updates},{t.GradientSteps},{F(t.Seconds)},{F(t.EnvStepsPerSecond)},{F(t.RolloutEnvStepsPerSecond)},{F(t.GradientUpdatesPerSecond)},{t.TorchThreads},{F(result.TotalSeconds)},\"{machine}\"");
        }
        Console.WriteLine($"written {Path.Combine(output, "zhao.csv")}, zhao-training.csv, zhao-throughput.csv");
        return 0;
    }
}
