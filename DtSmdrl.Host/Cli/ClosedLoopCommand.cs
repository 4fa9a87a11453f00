using System.CommandLine;
using System.Diagnostics;
using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Options;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl closed-loop --patients N --seed S --cycles K`: measures how the twin's prediction of the next scan's
/// SLD improves as cycles of outcome feedback arrive (see <see cref="ClosedLoopEvaluation"/>) and prints the table.
/// </summary>
public static class ClosedLoopCommand
{
    public static Command Create()
    {
        var patients = new Option<int>("--patients") { Description = "Synthetic patients to evaluate", DefaultValueFactory = _ => 100 };
        var seed = CommonOptions.Seed();
        var cycles = new Option<int>("--cycles") { Description = "Most cycles of feedback (the target is the scan after cycle K + 1)", DefaultValueFactory = _ => 3 };
        var particles = new Option<int>("--particles") { Description = "Posterior particles", DefaultValueFactory = _ => 200 };
        var sweeps = new Option<int>("--move-sweeps") { Description = "Metropolis-Hastings sweeps per resampling", DefaultValueFactory = _ => 2 };
        var threads = CommonOptions.Threads();
        var command = new Command("closed-loop", "Measure twin prediction error of the next scan as outcome cycles arrive (synthetic patients)")
        {
            patients, seed, cycles, particles, sweeps, threads,
        };
        command.SetAction(parse =>
        {
            var clock = Stopwatch.StartNew();
            var twin = new TwinUpdateOptions { Particles = parse.GetValue(particles), MoveSweeps = parse.GetValue(sweeps), Seed = parse.GetValue(seed) };
            var rows = ClosedLoopEvaluation.Run(parse.GetValue(patients), parse.GetValue(seed), parse.GetValue(cycles), twin, parse.GetValue(threads));
            Console.WriteLine($"# Closed loop: true SLD at the scan after cycle {parse.GetValue(cycles) + 1}, predicted by the twin posterior (seed {parse.GetValue(seed)}, {twin.Particles} particles)");
            Console.WriteLine();
            Console.WriteLine(ClosedLoopEvaluation.Markdown(rows));
            Console.WriteLine();
            Console.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s");
            return 0;
        });
        return command;
    }
}
