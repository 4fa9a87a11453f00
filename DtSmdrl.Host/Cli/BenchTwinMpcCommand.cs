using System.CommandLine;
using System.Globalization;
using DtSmdrl.Pipeline.Benchmarks;
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
        var diagnose = new Option<bool>("--diagnose") { Description = "Instead: the executed plans' severe-event forecasts against what happened, one cause changed at a time (reliability bins)" };
        var replicates = new Option<int>("--replicates") { Description = "--diagnose: evaluation replicates (dice) per patient", DefaultValueFactory = _ => 1 };
        var freshSamples = new Option<int>("--fresh-samples") { Description = "--diagnose: samples of each recomputed forecast", DefaultValueFactory = _ => 96 };
        var rich = new Option<bool>("--rich-posterior") { Description = "--diagnose: also the forecast from a 512-particle x 5-sweep posterior (slow)" };
        var command = new Command("twin-mpc", "Twin-MPC seconds per decision (p50/p95) and per patient, and the screen's agreement with the full search")
        {
            output, seed, threads, patients, screenCheck, diagnose, replicates, freshSamples, rich,
        };
        command.SetAction(parse => parse.GetValue(diagnose)
            ? Diagnose(parse.GetValue(output)!, parse.GetValue(seed), parse.GetValue(threads), parse.GetValue(patients), parse.GetValue(replicates), parse.GetValue(freshSamples), parse.GetValue(rich))
            : Run(parse.GetValue(output)!, parse.GetValue(seed), parse.GetValue(threads), parse.GetValue(patients), parse.GetValue(screenCheck)));
        return command;
    }

    private static int Diagnose(string output, int seed, int threads, int patients, int replicates, int freshSamples, bool rich)
    {
        if (patients < 1 || threads < 1 || replicates < 1 || freshSamples < 1)
        {
            Console.Error.WriteLine($"bench twin-mpc --diagnose: --patients ({patients}), --threads ({threads}), --replicates ({replicates}) and --fresh-samples ({freshSamples}) must be >= 1.");
            return 2;
        }

        var machine = MachineInfo.Current();
        Console.WriteLine($"machine: {machine}");
        var options = new TwinMpcOptions();
        var richPosterior = rich ? options.Posterior with { Particles = 512, MoveSweeps = 5 } : null;
        Console.WriteLine($"Twin-MPC diagnosis: {patients} patients x {replicates} replicates, M = {options.Samples}, K = {freshSamples} fresh samples, limit {options.SevereEventLimit}");
        var rows = TwinMpcDiagnosis.Run(patients, replicates, seed, threads, freshSamples, richPosterior, options);
        var columns = new (string Name, Func<TwinMpcDecisionDiagnosis, double> Value)[]
        {
            ("search", d => d.Search),
            ("fresh", d => d.Fresh),
            ("fresh_step_0.25", d => d.FreshFineStep),
            ("fresh_dead_counted", d => d.FreshDeadCounted),
            ("fresh_rich_posterior", d => d.FreshRichPosterior),
            ("true_twin", d => d.TrueTwin),
            ("realised_after", d => d.RealisedAfter ? 1 : 0),
        };
        var c = CultureInfo.InvariantCulture;
        void Table(string title, IEnumerable<(string Label, List<TwinMpcDecisionDiagnosis> Rows)> groups)
        {
            Console.WriteLine(title);
            Console.WriteLine(string.Create(c, $"{"group",-22} {"n",5} ") + string.Join(" ", columns.Select(k => $"{k.Name,20}")));
            foreach (var (label, group) in groups)
            {
                if (group.Count == 0)
                {
                    continue;
                }

                Console.WriteLine(string.Create(c, $"{label,-22} {group.Count,5} ") + string.Join(" ", columns.Select(k => string.Create(c, $"{group.Average(k.Value),20:F3}"))));
            }
        }

        Table("mean forecast of the executed plan (severe event from the decision on) vs realised, by decision cycle:",
            rows.GroupBy(d => d.Cycle).OrderBy(g => g.Key).Select(g => ($"cycle {g.Key}", g.ToList()))
                .Append(("no event before", rows.Where(d => !d.SevereBefore).ToList()))
                .Append(("event before", rows.Where(d => d.SevereBefore).ToList()))
                .Append(("all decisions", rows)));
        double[] edges = [0, 0.05, 0.1 + 1e-9, 0.2, 0.4, 1 + 1e-9];
        Table("reliability, binned by the search's forecast:",
            Enumerable.Range(0, edges.Length - 1).Select(b => (string.Create(c, $"search [{edges[b]:F2},{Math.Min(1, edges[b + 1]):F2})"),
                rows.Where(d => d.Search >= edges[b] && d.Search < edges[b + 1]).ToList())));
        Table("reliability, binned by the true twin's forecast:",
            Enumerable.Range(0, edges.Length - 1).Select(b => (string.Create(c, $"true [{edges[b]:F2},{Math.Min(1, edges[b + 1]):F2})"),
                rows.Where(d => d.TrueTwin >= edges[b] && d.TrueTwin < edges[b + 1]).ToList())));
        var episodes = rows.Where(d => d.Cycle == 0).ToList();
        Console.WriteLine(string.Create(c, $"episodes: {episodes.Count}, realised violation rate {episodes.Average(d => d.RealisedEpisode ? 1.0 : 0.0):F3}; " +
            $"cycle-0 forecast of the whole episode: search {episodes.Average(d => d.Search):F3}, fresh {episodes.Average(d => d.Fresh):F3}, true twin {episodes.Average(d => d.TrueTwin):F3}; " +
            $"decisions with the search's forecast over the limit: {rows.Count(d => d.Search > options.SevereEventLimit)} of {rows.Count}"));

        Directory.CreateDirectory(output);
        var path = Path.Combine(output, "twin-mpc-diagnosis.csv");
        var csv = new System.Text.StringBuilder("patient,replicate,cycle,severe_before," + string.Join(",", columns.Select(k => k.Name)) + ",realised_episode\n");
        foreach (var d in rows)
        {
            csv.Append(string.Create(c, $"{d.Patient},{d.Replicate},{d.Cycle},{(d.SevereBefore ? 1 : 0)},{d.Search:R},{d.Fresh:R},{d.FreshFineStep:R},{d.FreshDeadCounted:R},{d.FreshRichPosterior:R},{d.TrueTwin:R},{(d.RealisedAfter ? 1 : 0)},{(d.RealisedEpisode ? 1 : 0)}\n"));
        }

        File.WriteAllText(path, csv.ToString());
        Console.WriteLine($"written {path}");
        return 0;
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
        if (r.InCourseBeliefSeconds.Length > 0 && r.InCourseSeconds.Length > 0)
        {
            var belief = r.InCourseBeliefSeconds.Sum();
            var total = r.InCourseSeconds.Sum();
            Console.WriteLine($"in-course re-planning: belief update and sampling {belief / r.InCourseBeliefSeconds.Length:F3} s mean ({belief / total:P0} of the wall time), search {(total - belief) / r.InCourseSeconds.Length:F3} s mean");
        }

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
