using System.Diagnostics;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Benchmarks;

/// <summary>Result of <see cref="TwinBenchmark.Run"/>.</summary>
/// <param name="Patients">Patients simulated together.</param>
/// <param name="Days">Simulated days per patient.</param>
/// <param name="Threads">Worker threads.</param>
/// <param name="Seconds">Wall-clock seconds of the timed run (population sampling excluded).</param>
/// <param name="PatientDaysPerSecond">Patients x days / seconds.</param>
/// <param name="StepSize">Solver step, days.</param>
/// <param name="Checksum">Sum of all episode rewards; equal for every thread count (determinism check).</param>
/// <param name="StateHash">FNV-1a hash of the bits of every patient's final true state (0 when not computed): equal
/// across thread counts and machines for the same kernel, the bit-level determinism check.</param>
public sealed record TwinBenchmarkResult(int Patients, int Days, int Threads, double Seconds, double PatientDaysPerSecond, double StepSize, double Checksum, ulong StateHash = 0);

/// <summary>One cycle of <see cref="TwinBenchmark"/>'s schedule: its length and each patient's action index.</summary>
public sealed record TwinBenchmarkCycle(int Days, int[] Actions);

/// <summary>
/// Throughput of the batched NSCLC simulator (metrics.md "Twin throughput"): N prior patients,
/// actions rotating through the action set, death and irAE draws on, the study's step size.
/// </summary>
public static class TwinBenchmark
{
    /// <summary>Simulates <paramref name="patients"/> for <paramref name="days"/> days with <paramref name="threads"/> threads.</summary>
    public static TwinBenchmarkResult Run(int patients, int days, int threads, NsclcSimulationOptions? options = null, int seed = 1) =>
        Measure(patients, days, threads, options, seed).Result;

    /// <summary>
    /// <see cref="Run"/>, also returning the simulator as the run left it (per-patient outcomes and states), for
    /// comparing the run with another implementation of the same workload.
    /// </summary>
    public static (TwinBenchmarkResult Result, NsclcBatchSimulator Simulator) Measure(int patients, int days, int threads, NsclcSimulationOptions? options = null, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var (population, seeds) = Population(patients, seed);
        var sim = new NsclcBatchSimulator(patients, options);
        var schedule = Schedule(patients, days, sim.Options.Actions.Count);

        // Warm-up so the JIT is not timed.
        var few = Math.Min(patients, 8);
        sim.Reset(population.AsSpan(0, few), seeds.AsSpan(0, few));
        sim.Advance(new int[few], 2, threads);

        var watch = Stopwatch.StartNew();
        sim.Reset(population, seeds);
        foreach (var cycle in schedule)
        {
            sim.Advance(cycle.Actions, cycle.Days, threads);
        }

        watch.Stop();
        var checksum = 0.0;
        foreach (var r in sim.EpisodeReward)
        {
            checksum += r;
        }

        var hash = 14695981039346656037UL;
        for (var v = 0; v < NsclcState.Count; v++)
        {
            foreach (var x in sim.StateVariable(v))
            {
                hash = (hash ^ (ulong)BitConverter.DoubleToInt64Bits(x)) * 1099511628211UL;
            }
        }

        var result = new TwinBenchmarkResult(patients, days, threads, watch.Elapsed.TotalSeconds, (double)patients * days / watch.Elapsed.TotalSeconds, sim.Options.StepSize, checksum, hash);
        return (result, sim);
    }

    /// <summary>The benchmark's patients: draws from the population prior (<see cref="TwinPrior"/>) on <paramref name="seed"/>; patient i's noise seed is i.</summary>
    public static (NsclcParameters[] Parameters, ulong[] NoiseSeeds) Population(int patients, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patients, 1);
        var prior = new TwinPrior();
        var rng = new Random(seed);
        var population = new NsclcParameters[patients];
        var seeds = new ulong[patients];
        for (var i = 0; i < patients; i++)
        {
            population[i] = prior.SamplePopulation(rng);
            seeds[i] = (ulong)i;
        }

        return (population, seeds);
    }

    /// <summary>
    /// The benchmark's plan over <paramref name="days"/> days: 21-day cycles (the last one shorter when the days do not
    /// fill it), patient i taking action (i + cycle) mod <paramref name="actionCount"/> in each.
    /// </summary>
    public static IReadOnlyList<TwinBenchmarkCycle> Schedule(int patients, int days, int actionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patients, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 1);
        var cycles = new List<TwinBenchmarkCycle>();
        for (var done = 0; done < days;)
        {
            var length = Math.Min((int)NsclcTwinModel.CycleDays, days - done);
            var cycle = cycles.Count;
            cycles.Add(new TwinBenchmarkCycle(length, Enumerable.Range(0, patients).Select(i => (i + cycle) % actionCount).ToArray()));
            done += length;
        }

        return cycles;
    }
}
