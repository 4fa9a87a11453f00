using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Fuzzing;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl fuzz --cases N [--from I] [--seed S] [--threads T]`: N mutated input files (<see cref="RecordFuzzer"/> on
/// <see cref="FuzzBaseRecords"/> of the seed) through the four loaders (<see cref="FuzzRunner"/>). Prints the inputs,
/// crashes, wrongly accepted records, count mismatches, accepted and rejected records; exits 1 on any violation.
/// The counts depend only on N and the seed, not on the threads; every 10,000 cases the counts so far go to stderr.
/// </summary>
public static class FuzzCommand
{
    private const long Block = 10_000;

    public static Command Create()
    {
        var cases = new Option<long>("--cases") { Description = "Input files to generate and load", DefaultValueFactory = _ => 10_000 };
        var from = new Option<long>("--from") { Description = "Index of the first case (to split a long run over processes; case i is the same in every run)", DefaultValueFactory = _ => 0 };
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var command = new Command("fuzz", "Load seeded mutated records through every loader and check: no crash, nothing invalid accepted, accepted + rejected = read")
        {
            cases, from, seed, threads,
        };
        command.SetAction(parse =>
        {
            var first = parse.GetValue(from);
            var n = parse.GetValue(cases);
            var workers = parse.GetValue(threads);
            if (n < 1 || workers < 1 || first < 0)
            {
                Console.Error.WriteLine("dtsmdrl fuzz: --cases and --threads must be >= 1, --from >= 0");
                return ExitCodes.Usage;
            }
            var fuzzer = FuzzBaseRecords.Fuzzer(parse.GetValue(seed));
            var clock = Stopwatch.StartNew();
            var total = new FuzzReport();
            var runners = Enumerable.Range(0, workers).Select(_ => new FuzzRunner()).ToArray();
            try
            {
                // Blocks of cases: after each, the exact counts so far go to stderr, so a long run can be read while it runs.
                for (var start = first; start < first + n; start += Block)
                {
                    var end = Math.Min(first + n, start + Block);
                    var parts = Enumerable.Range(0, workers).Select(_ => new FuzzReport()).ToArray();
                    Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
                    {
                        for (var i = start + w; i < end; i += workers) runners[w].Run(fuzzer.Case(i), parts[w]);
                    });
                    foreach (var part in parts) total.Add(part);
                    if (end < first + n) Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dtsmdrl fuzz: {clock.Elapsed.TotalSeconds:F0} s: {total.Summary}"));
                }
            }
            finally
            {
                foreach (var runner in runners) runner.Dispose();
            }
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
