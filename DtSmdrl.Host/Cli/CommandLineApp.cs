using System.CommandLine;

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

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "DT-SMDRL: digital-twin-driven, safe and explainable meta-deep reinforcement learning for personalised cancer therapy.");
        root.Options.Add(ConfigOption);
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
        return root;
    }
}
