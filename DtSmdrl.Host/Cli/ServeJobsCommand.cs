using System.CommandLine;
using DtSmdrl.Host.Cluster;
using DtSmdrl.Host.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl serve-jobs [--cluster]`: the long-running scheduler (systemd Type=simple; SIGTERM stops it gracefully: the
/// running job ends at its next step boundary). Schedules from Jobs:Schedules; health file Jobs:HealthFile. With
/// --cluster (or Cluster:Enabled) the process is also an Orleans silo and update-twins/recommend-batch fan out to grains.
/// </summary>
public static class ServeJobsCommand
{
    public static Command Create()
    {
        var cluster = new Option<bool>("--cluster") { Description = "Run an Orleans silo in this process (Cluster:*) and fan the per-patient jobs out to the cluster" };
        var command = new Command("serve-jobs", "Run the job scheduler until stopped (SIGTERM or Ctrl+C)") { cluster };
        command.SetAction(parse => CliHost.Run(parse.GetValue(CommandLineApp.ConfigOption), host =>
        {
            host.Run();
            return 0;
        }, builder =>
        {
            // The silo's hosted service starts before the scheduler's, so the first job already finds the cluster.
            ClusterHosting.AddSiloIfEnabled(builder);
            builder.Services.AddHostedService<JobScheduler>();
            // Time for the running job to reach its step boundary on SIGTERM (match systemd's TimeoutStopSec).
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(110));
        }, parse.GetValue(cluster) ? new Dictionary<string, string?> { ["Cluster:Enabled"] = "true" } : null));
        return command;
    }
}
