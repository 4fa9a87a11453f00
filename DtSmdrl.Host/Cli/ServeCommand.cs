using System.CommandLine;
using DtSmdrl.Host.Web;
using DtSmdrl.Host.Web.CdsHooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl serve [--urls URL] [--with-jobs]`: the clinician web host (Kestrel) on the same host, store, options
/// and engine as the jobs; `--with-jobs` also runs the scheduler in this process (otherwise run `serve-jobs`
/// beside it against the same database). With CdsHooks:Enabled it also serves the CDS Hooks endpoints. `--cluster` (or
/// Cluster:Enabled) makes the process an Orleans silo: CDS Hooks read the recommendation from the patient's twin grain. systemd Type=notify works through UseSystemd; SIGTERM stops it.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = "Listen address(es), ';'-separated (default Web:Urls, loopback http://127.0.0.1:5080)" };
        var withJobs = new Option<bool>("--with-jobs") { Description = "Also run the job scheduler in this process" };
        var cluster = new Option<bool>("--cluster") { Description = "Run an Orleans silo in this process (Cluster:*); CDS Hooks then answer from the patients' twin grains" };
        var command = new Command("serve", "Serve the clinician pages and health endpoints until stopped (SIGTERM or Ctrl+C)") { urls, withJobs, cluster };
        command.SetAction(parse =>
        {
            var overrides = new Dictionary<string, string?>();
            if (parse.GetValue(urls) is { } u) overrides["Web:Urls"] = u;
            if (parse.GetValue(cluster)) overrides["Cluster:Enabled"] = "true";
            WebApplication app;
            try
            {
                app = DtSmdrlWebHost.Build(parse.GetValue(CommandLineApp.ConfigOption), overrides, CdsHooksEndpoints.Extensions(parse.GetValue(withJobs)));
                DtSmdrlWebHost.ValidateAll(app);
            }
            catch (Exception e) when (e is OptionsValidationException or FileNotFoundException)
            {
                Console.Error.WriteLine($"configuration error: {e.Message}");
                return CliHost.ConfigurationError;
            }
            app.Start();
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DtSmdrl.Host.Web")
                .LogInformation("Clinician page listening on {Address} (jobs in process: {WithJobs})", DtSmdrlWebHost.BoundAddress(app), parse.GetValue(withJobs));
            app.WaitForShutdown();
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return 0;
        });
        return command;
    }
}
