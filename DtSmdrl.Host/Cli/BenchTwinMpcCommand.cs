using System.CommandLine;
using System.Globalization;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Planning;
using DtSmdrl.Pipeline.Provenance;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl bench twin-mpc`: Twin-MPC's compute on N synthetic test patients (one episode each on their true twins):
/// seconds per decision (p50/p95, the cycle-0 choice and the in-course re-plannings apart), seconds per patient, and
/// how often the cycle-0 screen changes the full search's choice. Prints and writes twin-mpc.csv with the machine.
/// Reported, not asserted.
/// </summary>
public static class BenchTwinMpcCommand
{
    public static Command Create()
    {
        var output = CommonOptions.Out("bench-out");
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var patients = new Option<int>("--patients") { Description = "Synthetic test patients", DefaultValueFactory = _ => 20 };
        var screenCheck = new Option<int>("--screen-check") { Description = "Patients whose cycle-0 choice is also made by the full (unscreened) search", DefaultValueFactory = _ => 10 };
        var command = new Command("twin-mpc", "Twin-MPC seconds per decision (p50/p95) and per patient, and the screen's agreement with the full search")
        {
            output, seed, threads, patients, screenCheck,
        };
        command.SetAction(parse => Run(parse.GetValue(output)!, parse.GetValue(seed), parse.GetValue(threads), parse.GetValue(patients), parse.GetValue(screenCheck)));
        return command;
    }

    private static int Run(string output, int seed, int threads, int patients, int screenCheck)
    {
        if (patients < 1 || threads < 1 || screenCheck < 0)
        {
            Console.Error.WriteLine($"bench twin-mpc: --patients ({patients}) and --threads ({threads}) must be >= 1, --screen-check ({screenCheck}) >= 0.");
            return 2;
        }

        var machine = MachineInfo.Current();
        Console.WriteLine($"machine: {machine}");
        var options = new TwinMpcOptions();
        Console.WriteLine($"Twin-MPC: M = {options.Samples} samples, screen on {options.ScreeningSamples} then the best {options.RefinedPlans} plans on all, " +
            $"search step {options.SearchStepSize} d, {options.Posterior.Particles} particles x {options.Posterior.MoveSweeps} sweeps; {patients} patients, {threads} threads");
        var r = TwinMpcBenchmark.Run(patients, seed, threads, screenCheck, options);

        var rows = new List<(string Name, double[] Seconds)>
        {
            ("cycle-0 choice", r.PrepareSeconds),
            ("in-course re-planning", r.InCourseSeconds),
            ("all decisions", [.. r.PrepareSeconds, .. r.InCourseSeconds]),
        };
        var csv = new System.Text.StringBuilder("decision,p50_s,p95_s,mean_s,decisions,patients,threads,seconds_per_patient,cpu_seconds_per_patient,machine\n");
        foreach (var (name, seconds) in rows)
        {
            var sorted = seconds.Order().ToArray();
            var (p50, p95, mean) = sorted.Length == 0 ? (double.NaN, double.NaN, double.NaN) : (Bootstrap.Quantile(sorted, 0.5), Bootstrap.Quantile(sorted, 0.95), sorted.Average());
            Console.WriteLine($"{name}: p50 {p50:F3} s, p95 {p95:F3} s, mean {mean:F3} s over {sorted.Length} decisions");
            csv.Append(string.Create(CultureInfo.InvariantCulture, $"\"{name}\",{p50:F4},{p95:F4},{mean:F4},{sorted.Length},{patients},{threads},{r.SecondsPerPatient:F4},{r.CpuSecondsPerPatient:F4},\"{machine}\"\n"));
        }

        Console.WriteLine($"per patient: {r.SecondsPerPatient:F3} s wall ({r.PrepareWallSeconds:F1} s cycle-0 choices + {r.EpisodeWallSeconds:F1} s episode for {patients} patients on {threads} threads), " +
            $"{r.CpuSecondsPerPatient:F3} CPU s ({r.PrepareCpuSeconds:F1} + {r.EpisodeCpuSeconds:F1})");
        Console.WriteLine($"CPU seconds per decision (process CPU of the phase / its decisions): {r.PrepareCpuSeconds / r.Patients:F3} at cycle 0, " +
            $"{(r.InCourseSeconds.Length > 0 ? r.EpisodeCpuSeconds / r.InCourseSeconds.Length : double.NaN):F3} in course (the true twins' simulation included)");
        Console.WriteLine($"simulated patient-days per decision: {r.PrepareSimulatedDays:N0} at cycle 0, {r.InCourseSimulatedDays:N0} in course");
        if (r.ScreenChecked > 0)
        {
            Console.WriteLine($"screen vs full search at cycle 0: same plan for {r.ScreenAgreed} of {r.ScreenChecked} patients, mean reward lost {r.MeanScreenLoss:F4} of {r.MeanFullReward:F3}, " +
                $"{r.ScreenOverLimit} screened choices over the severe-event limit where the full search's was within it; " +
                $"full search {r.FullSearchSeconds:F2} s per decision (one thread)");
        }

        Directory.CreateDirectory(output);
        var path = Path.Combine(output, "twin-mpc.csv");
        File.WriteAllText(path, csv.ToString());
        var screenPath = Path.Combine(output, "twin-mpc-screen.csv");
        File.WriteAllText(screenPath, string.Create(CultureInfo.InvariantCulture,
            $"patients_checked,same_plan,mean_reward_lost,screen_over_limit,mean_full_search_reward,full_search_seconds,machine\n{r.ScreenChecked},{r.ScreenAgreed},{r.MeanScreenLoss:F4},{r.ScreenOverLimit},{r.MeanFullReward:F4},{r.FullSearchSeconds:F4},\"{machine}\"\n"));
        Console.WriteLine($"written {path}, {screenPath}");
        return 0;
    }
}
