using System.Diagnostics;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Planning;

namespace DtSmdrl.Pipeline.Benchmarks;

/// <summary>Result of <see cref="TwinMpcBenchmark.Run"/>.</summary>
/// <param name="Patients">Synthetic test patients.</param>
/// <param name="Threads">Worker threads.</param>
/// <param name="PrepareSeconds">Wall seconds of each cycle-0 choice (one per patient).</param>
/// <param name="InCourseSeconds">Wall seconds of each in-course re-planning (belief update, sampling, search).</param>
/// <param name="PrepareWallSeconds">Wall seconds of Prepare for all patients.</param>
/// <param name="EpisodeWallSeconds">Wall seconds of one episode for all patients (in-course decisions and the true twins' simulation).</param>
/// <param name="ScreenChecked">Patients whose cycle-0 screened choice was compared with the full search on all samples.</param>
/// <param name="ScreenAgreed">Of those, how many chose the same plan.</param>
/// <param name="MeanScreenLoss">Mean reward the screened choice loses against the full search's choice (on all samples).</param>
/// <param name="ScreenOverLimit">Of those, how many screened choices broke the severe-event limit where the full search's did not.</param>
/// <param name="MeanFullReward">Mean reward of the full search's choice (the scale of the loss).</param>
/// <param name="FullSearchSeconds">Mean wall seconds of one full (unscreened) cycle-0 search.</param>
/// <param name="PrepareCpuSeconds">Process CPU seconds of Prepare (all threads; what a loaded machine does not inflate).</param>
/// <param name="EpisodeCpuSeconds">Process CPU seconds of the episode.</param>
/// <param name="PrepareSimulatedDays">Patient-days the cycle-0 searches simulated, mean per decision.</param>
/// <param name="InCourseSimulatedDays">Patient-days the in-course searches simulated, mean per decision.</param>
/// <param name="InCourseBeliefSeconds">Wall seconds of the belief update and sampling of each in-course re-planning (the rest is the search).</param>
public sealed record TwinMpcBenchmarkResult(
    int Patients,
    int Threads,
    double[] PrepareSeconds,
    double[] InCourseSeconds,
    double PrepareWallSeconds,
    double EpisodeWallSeconds,
    int ScreenChecked,
    int ScreenAgreed,
    double MeanScreenLoss,
    int ScreenOverLimit,
    double MeanFullReward,
    double FullSearchSeconds,
    double PrepareCpuSeconds,
    double EpisodeCpuSeconds,
    double PrepareSimulatedDays,
    double InCourseSimulatedDays,
    double[] InCourseBeliefSeconds)
{
    /// <summary>Wall seconds per patient for one whole episode (cycle-0 choice included).</summary>
    public double SecondsPerPatient => (PrepareWallSeconds + EpisodeWallSeconds) / Patients;

    /// <summary>CPU seconds per patient for one whole episode (cycle-0 choice included), all threads summed.</summary>
    public double CpuSecondsPerPatient => (PrepareCpuSeconds + EpisodeCpuSeconds) / Patients;
}

/// <summary>
/// Twin-MPC's compute: seconds per decision and per patient on synthetic test patients (their true twins as the
/// environment, one episode each), and how often the cycle-0 screen changes the choice of the full search.
/// </summary>
public static class TwinMpcBenchmark
{
    /// <param name="patients">Synthetic patients (cohort generator, seed <paramref name="seed"/>).</param>
    /// <param name="seed">Cohort and method seed.</param>
    /// <param name="threads">Worker threads.</param>
    /// <param name="screenCheckPatients">Patients (the first ones) whose cycle-0 choice is also made by the full search.</param>
    /// <param name="options">Twin-MPC settings (default: the study's).</param>
    public static TwinMpcBenchmarkResult Run(int patients, int seed, int threads, int screenCheckPatients, TwinMpcOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patients, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(screenCheckPatients);
        options = (options ?? new TwinMpcOptions()) with { Threads = threads };
        options.Validate();
        var cohort = new SyntheticCohortGenerator(new CohortOptions { Size = patients, Seed = seed }).Generate().ToList();
        var records = cohort.Select(p => p.Observed).ToList();
        var twins = cohort.Select(p => p.Truth.Parameters).ToArray();
        // The bench's own evaluation dice: the method never sees them.
        var dice = Enumerable.Range(0, patients).Select(i => 0xBE4C_0000UL + (ulong)i).ToArray();

        var method = new TwinMpcMethod(options);
        method.Fit(new Study.StudyData([], [], [], []), seed);
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var plan = method.Prepare(records);
        var prepareWall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        var prepareCpu = (process.TotalProcessorTime - cpu).TotalSeconds;
        cpu = process.TotalProcessorTime;
        var policy = (TwinMpcPolicy)plan.Policy;

        watch.Restart();
        var environment = new BatchedTwinEnvironment(patients, options.Environment);
        var observations = new double[patients * environment.ObservationSize];
        var rewards = new double[patients];
        var costs = new double[patients];
        var done = new bool[patients];
        var actions = new int[patients];
        environment.Reset(twins, dice, observations);
        for (var cycle = 0; cycle < options.Environment.Cycles; cycle++)
        {
            policy.Decide(cycle, observations, done, actions);
            environment.Step(actions, observations, rewards, costs, done, threads);
        }

        var episodeWall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        var episodeCpu = (process.TotalProcessorTime - cpu).TotalSeconds;
        var inCourse = policy.DecisionSeconds.ToArray();

        var check = Math.Min(screenCheckPatients, patients);
        var agreed = 0;
        var loss = 0.0;
        var fullReward = 0.0;
        var overLimit = 0;
        var fullSeconds = 0.0;
        var planner = new TwinMpcPlanner(method.Library, options);
        for (var i = 0; i < check; i++)
        {
            var patientSeed = TwinMpcMethod.PatientSeed(seed, records[i].PatientId);
            var samples = method.Source.Start(records[i], TwinMpcMethod.BeliefSeed(patientSeed)).Sample(options.Samples);
            var sampleSeeds = TwinMpcMethod.SampleSeeds(patientSeed, 0, options.Samples);
            var screened = planner.Choose(samples, sampleSeeds, []);
            watch.Restart();
            var full = planner.Choose(samples, sampleSeeds, [], screen: false);
            fullSeconds += watch.Elapsed.TotalSeconds;
            agreed += full.Blocks.AsSpan().SequenceEqual(screened.Blocks) ? 1 : 0;
            loss += full.MeanReward - screened.MeanReward;
            fullReward += full.MeanReward;
            overLimit += screened.SevereProbability > options.SevereEventLimit && full.SevereProbability <= options.SevereEventLimit ? 1 : 0;
        }

        return new TwinMpcBenchmarkResult(patients, threads, method.PrepareSeconds, inCourse,
            prepareWall, episodeWall, check, agreed, check > 0 ? loss / check : double.NaN, overLimit, check > 0 ? fullReward / check : double.NaN, check > 0 ? fullSeconds / check : double.NaN,
            prepareCpu, episodeCpu, policy.Prepared.Average(c => (double)c.SimulatedDays),
            inCourse.Length > 0 ? (double)policy.SimulatedDays / inCourse.Length : double.NaN, policy.BeliefSeconds.ToArray());
    }
}
