using System.CommandLine;
using System.CommandLine.Parsing;

namespace DtSmdrl.Host.Cli;

/// <summary>The `dtsmdrl` verbs. Each verb lives in its own file and builds its own host.</summary>
public static class CommandLineApp
{
    /// <summary>--config FILE: an extra JSON configuration file, layered over appsettings.json.</summary>
    public static readonly Option<string?> ConfigOption = new("--config")
    {
        Description = "Extra JSON configuration file layered over appsettings.json",
        Recursive = true,
    };

    /// <summary>--verbose: print the stack trace of a failure after its one-line message.</summary>
    public static readonly Option<bool> VerboseOption = new("--verbose")
    {
        Description = "On failure, print the stack trace after the one-line message",
        Recursive = true,
    };

    /// <summary>
    /// Parses and runs a verb. Every failure ends with one line on stderr and an exit code of <see cref="ExitCodes"/>:
    /// a command-line error exits 2, an exception is reported by <see cref="FailureReport"/>.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var error = Console.Error;
        var parse = Build().Parse(args);
        var verb = string.Join(' ', ["dtsmdrl", .. Path(parse.CommandResult)]);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors) error.WriteLine($"{verb}: {problem.Message} (see --help)");
            return ExitCodes.Usage;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return FailureReport.Write(error, verb, e, parse.GetValue(VerboseOption));
        }
    }

    // "jobs run" for `dtsmdrl jobs run NAME`; empty for the root command.
    private static IEnumerable<string> Path(CommandResult result)
    {
        var names = new Stack<string>();
        for (SymbolResult? r = result; r is CommandResult c && c.Parent is not null; r = r.Parent)
            names.Push(c.Command.Name);
        return names;
    }

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "DT-SMDRL: digital-twin-driven, safe and explainable meta-deep reinforcement learning for personalised cancer therapy.");
        root.Options.Add(ConfigOption);
        root.Options.Add(VerboseOption);
        root.Subcommands.Add(StudyCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(SynthCommand.Create());
        root.Subcommands.Add(TwinCommand.Create());
        root.Subcommands.Add(BaselineCommands.TrainBaseline());
        root.Subcommands.Add(BaselineCommands.Predict());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(CausalCommand.Create());
        root.Subcommands.Add(PluginsCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(PatientsCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(RecommendCommand.Create());
        root.Subcommands.Add(FeedbackCommand.Create());
        root.Subcommands.Add(JobsCommands.Create());
        root.Subcommands.Add(ClosedLoopCommand.Create());
        root.Subcommands.Add(ServeJobsCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(FusionCommand.Create());
        root.Subcommands.Add(FuzzCommand.Create());
        return root;
    }
}
