using System.CommandLine;
using System.Globalization;
using DtSmdrl.Pipeline.Benchmarks;
using DtSmdrl.Pipeline.Provenance;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl bench oracle`: only the oracle part of `dtsmdrl bench` (the perfect-information planner's seconds per
/// patient on the same prior patients), with the mean distinct trajectories it simulated per node and cycle at each
/// stage of the search. Prints; reported, not asserted.
/// </summary>
public static class BenchOracleCommand
{
    public static Command Create()
    {
        var patients = new Option<int>("--patients") { Description = "Patients drawn from the twin prior (seed 1, as `dtsmdrl bench`)", DefaultValueFactory = _ => 3 };
        var command = new Command("oracle", "The perfect-information planner's seconds per patient (16 oracle + 4 evaluation replicates, 1 thread) and its trajectories per node")
        {
            patients,
        };
        command.SetAction(parse => Run(parse.GetValue(patients)));
        return command;
    }

    private static int Run(int patients)
    {
        if (patients < 1)
        {
            Console.Error.WriteLine($"bench oracle: --patients ({patients}) must be >= 1.");
            return 2;
        }

        Console.WriteLine($"machine: {MachineInfo.Current()}");
        var oracle = OracleBenchmark.Run(BenchCommand.SamplePatients(patients, seed: 1));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"perfect-information planner: {oracle.Plans} plans, 16 oracle + 4 evaluation replicates, 1 thread: {oracle.SecondsPerPatient:F3} s/patient over {patients} patients"));
        var stages = oracle.TrajectoriesPerNode;
        var names = Enumerable.Range(1, stages.Count - 2).Select(l => $"level {l}").Append("follow-up").Append("valuation").ToArray();
        Console.WriteLine("distinct trajectories per node and cycle (of 16 oracle / 4 evaluation replicates): " +
            string.Join(", ", names.Zip(stages, (n, t) => string.Create(CultureInfo.InvariantCulture, $"{n} {t:F2}"))));
        return 0;
    }
}
