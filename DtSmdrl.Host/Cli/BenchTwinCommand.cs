using System.CommandLine;
using DtSmdrl.Pipeline.Benchmarks;
using DtSmdrl.Pipeline.Provenance;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl bench twin`: one twin throughput measurement (N prior patients, D days, T threads) and nothing
/// else, so a before/after comparison of the simulator can be timed from outside (farm-bench) in seconds.
/// The full table is `dtsmdrl bench`; this verb prints one line and writes nothing. `--compare` adds the numpy reference
/// peer's rows (bench/peers/twin_numpy.py) for the same batch, or with `--table` for the table's batches.
/// </summary>
public static class BenchTwinCommand
{
    public static Command Create()
    {
        var patients = new Option<int>("--patients") { Description = "Patients simulated together", DefaultValueFactory = _ => 100_000 };
        var days = new Option<int>("--days") { Description = "Simulated days per patient", DefaultValueFactory = _ => 42 };
        var threads = new Option<int>("--threads") { Description = "Worker threads", DefaultValueFactory = _ => 1 };
        var kernel = new Option<TwinKernel>("--kernel") { Description = "Solver-step kernel: Simd or Scalar", DefaultValueFactory = _ => TwinKernel.Simd };
        var table = new Option<bool>("--table") { Description = "Print the twin rows of `dtsmdrl bench` instead (1, 1k, 100k patients; scalar vs SIMD; 1 vs all threads; flops and share of peak)" };
        var compare = BenchCommand.CompareOption();
        var python = BenchCommand.PythonOption();
        var command = new Command("twin", "Twin throughput for one batch size and thread count (one line; for before/after timing), or --table") { patients, days, threads, kernel, table, compare, python };
        command.SetAction(parse => parse.GetValue(table)
            ? Table(parse.GetValue(compare), parse.GetValue(python))
            : Run(parse.GetValue(patients), parse.GetValue(days), parse.GetValue(threads), parse.GetValue(kernel), parse.GetValue(compare), parse.GetValue(python)));
        return command;
    }

    private static int Table(bool compare, string? python)
    {
        Console.WriteLine($"machine: {MachineInfo.Current()}");
        var rows = new List<BenchCommand.BenchRow>();
        BenchCommand.AddTwinRows(rows, 100_000, Environment.ProcessorCount, compare, python);
        Print(rows);
        return 0;
    }

    private static void Print(List<BenchCommand.BenchRow> rows)
    {
        foreach (var r in rows)
            Console.WriteLine($"{r.Metric,-33} {r.Setting,-62} {r.Value,14:N2} {r.Unit}");
    }

    private static int Run(int patients, int days, int threads, TwinKernel kernel, bool compare, string? python)
    {
        if (patients < 1 || days < 1 || threads < 1)
        {
            Console.Error.WriteLine($"bench twin: --patients {patients}, --days {days}, --threads {threads}: each must be >= 1.");
            return 2;
        }

        Console.WriteLine($"machine: {MachineInfo.Current()}");
        var r = TwinBenchmark.Run(patients, days, threads, new NsclcSimulationOptions { Kernel = kernel });
        Console.WriteLine($"twin ({kernel}, Vector256 hardware-accelerated: {NsclcSimdKernel.IsHardwareAccelerated}): {r.Patients} patients x {r.Days} d, {r.Threads} thread(s): {r.PatientDaysPerSecond:N0} patient-days/s ({r.Seconds:F3} s), checksum {r.Checksum:R}, state hash {r.StateHash:X16}");
        if (compare)
        {
            // The peer is compared with a one-thread SIMD run of its own, whatever --threads and --kernel say.
            var rows = new List<BenchCommand.BenchRow>();
            BenchCommand.AddPeerRows(rows, [(patients, days)], python);
            Print(rows);
        }

        return 0;
    }
}
