using System.CommandLine;
using DtSmdrl.Host.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl serve-jobs`: the long-running scheduler (systemd Type=simple; SIGTERM stops it gracefully: the
/// running job ends at its next step boundary). Schedules from Jobs:Schedules; health file Jobs:HealthFile.
/// </summary>
public static class ServeJobsCommand
{
    public static Command Create()
    {
        var command = new Command("serve-jobs", "Run the job scheduler until stopped (SIGTERM or Ctrl+C)");
        command.SetAction(parse => CliHost.Run(parse.GetValue(CommandLineApp.ConfigOption), host =>
        {
            host.Run();
            return 0;
        }, builder =>
        {
            builder.Services.AddHostedService<JobScheduler>();
            // Time for the running job to reach its step boundary on SIGTERM (match systemd's TimeoutStopSec).
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(110));
        }));
        return command;
    }
}
