using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Fuzzing;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl fuzz --cases N [--seed S] [--threads T]`: N mutated input files (<see cref="RecordFuzzer"/> on
/// <see cref="FuzzBaseRecords"/> of the seed) through the four loaders (<see cref="FuzzRunner"/>). Prints the inputs,
/// crashes, wrongly accepted records, count mismatches, accepted and rejected records; exits 1 on any violation.
/// The counts depend only on N and the seed, not on the threads.
/// </summary>
public static class FuzzCommand
{
    public static Command Create()
    {
        var cases = new Option<long>("--cases") { Description = "Input files to generate and load", DefaultValueFactory = _ => 10_000 };
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var command = new Command("fuzz", "Load seeded mutated records through every loader and check: no crash, nothing invalid accepted, accepted + rejected = read")
        {
            cases, seed, threads,
        };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(cases);
            var workers = parse.GetValue(threads);
            if (n < 1 || workers < 1)
            {
                Console.Error.WriteLine("dtsmdrl fuzz: --cases and --threads must be >= 1");
                return ExitCodes.Usage;
            }
            var fuzzer = FuzzBaseRecords.Fuzzer(parse.GetValue(seed));
            var clock = Stopwatch.StartNew();
            var total = new FuzzReport();
            var parts = Enumerable.Range(0, workers).Select(_ => new FuzzReport()).ToArray();
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
            {
                using var runner = new FuzzRunner();
                for (var i = (long)w; i < n; i += workers) runner.Run(fuzzer.Case(i), parts[w]);
            });
            foreach (var part in parts) total.Add(part);
            Console.WriteLine($"| inputs | records read | crashes | wrongly accepted | count mismatches | accepted | rejected | files refused whole | seconds |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {total.Inputs} | {total.RecordsRead} | {total.Crashes} | {total.WronglyAccepted} | {total.CountMismatches} | {total.Accepted} | {total.Rejected} | {total.FilesRefused} | {clock.Elapsed.TotalSeconds:F0} |"));
            foreach (var violation in total.Violations) Console.Error.WriteLine($"dtsmdrl fuzz: {violation}");
            return total.Passed ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }
}
