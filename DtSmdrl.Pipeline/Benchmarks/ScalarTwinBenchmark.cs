using System.Diagnostics;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Benchmarks;

/// <summary>Scalar and batched twin throughput on the same patients and plans, measured one after the other.</summary>
/// <param name="Scalar">The single-patient <see cref="ReferenceSimulator"/>, one patient after another (threads = 1).</param>
/// <param name="Batched">The batched <see cref="NsclcBatchSimulator"/> on one thread with deaths, event draws and scans off.</param>
/// <param name="ChecksumsAgree">Whether the two sums of rewards agree to 1e-9 (relative): both ran the same dynamics.</param>
public sealed record ScalarVersusBatchedResult(TwinBenchmarkResult Scalar, TwinBenchmarkResult Batched, bool ChecksumsAgree)
{
    /// <summary>Batched patient-days/s over scalar patient-days/s.</summary>
    public double Speedup => Batched.PatientDaysPerSecond / Scalar.PatientDaysPerSecond;
}

/// <summary>
/// Throughput of the scalar reference path against the batched hot path (metrics.md "Twin throughput"). Both run
/// the deterministic dynamics only: the batch runs with deaths and event draws off and the reference with deaths off
/// and no events; the batch takes no scans (the reference cannot tell TWiST from relapse days without them, so both
/// count every well day as TWiST) and still draws its lab measurement noise. Patients
/// and actions are those of <see cref="TwinBenchmark"/> (population prior, actions rotating through the set).
/// </summary>
public static class ScalarTwinBenchmark
{
    /// <summary>Simulates <paramref name="patients"/> for <paramref name="cycles"/> 21-day cycles with each path, one thread.</summary>
    public static ScalarVersusBatchedResult Run(int patients, int cycles, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patients, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cycles, 1);
        var days = cycles * (int)NsclcTwinModel.CycleDays;
        var options = new NsclcSimulationOptions { DeathEnabled = false, IraeEnabled = false, TargetedEventsEnabled = false, ScanIntervalDays = int.MaxValue };
        var batched = TwinBenchmark.Run(patients, days, 1, options, seed);

        var prior = new TwinPrior();
        var rng = new Random(seed);
        var population = Enumerable.Range(0, patients).Select(_ => prior.SamplePopulation(rng)).ToArray();
        var model = new NsclcTwinModel(options.Actions, options.Rewards, options.StepSize);
        // The same rotation as TwinBenchmark: patient i takes action (i + cycle) mod the action count.
        var plans = Enumerable.Range(0, patients)
            .Select(i => Enumerable.Range(0, cycles).Select(c => (i + c) % options.Actions.Count).ToArray())
            .ToArray();
        ReferenceSimulator.Run(model, population[0], plans[0].Take(1).ToArray(), 0, sampleDeath: false); // warm-up (JIT)

        var watch = Stopwatch.StartNew();
        var checksum = 0.0;
        for (var i = 0; i < patients; i++)
            checksum += ReferenceSimulator.Run(model, population[i], plans[i], (ulong)i, sampleDeath: false).Rewards.Sum();
        var seconds = watch.Elapsed.TotalSeconds;
        var scalar = new TwinBenchmarkResult(patients, days, 1, seconds, (double)patients * days / seconds, options.StepSize, checksum);
        var agree = Math.Abs(scalar.Checksum - batched.Checksum) <= 1e-9 * Math.Max(1.0, Math.Abs(batched.Checksum));
        return new ScalarVersusBatchedResult(scalar, batched, agree);
    }
}
