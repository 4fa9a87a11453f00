using System.CommandLine;
using DtSmdrl.Host.Engine;
using DtSmdrl.Pipeline.Evaluation.Progress;
using Microsoft.Extensions.DependencyInjection;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl train --cohort DIR`: trains the configured engine on a cohort, scores it on the cohort's held-out
/// split, stores the model file and registers it as the next (promoted) model version.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var cohort = new Option<string>("--cohort") { Description = "Cohort folder (from `dtsmdrl synth`)", Required = true };
        var command = new Command("train", "Train the recommendation model on a cohort and register it as the current model version") { cohort };
        command.SetAction(parse => CliHost.Run(parse.GetValue(CommandLineApp.ConfigOption), host =>
        {
            var result = host.Services.GetRequiredService<ModelRegistry>()
                .Train(parse.GetValue(cohort)!, alwaysPromote: true, new SynchronousProgress<string>(Console.Error.WriteLine));
            Console.WriteLine($"model v{result.Version}: {result.Decision}");
            return 0;
        }));
        return command;
    }
}
