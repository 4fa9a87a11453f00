using DtSmdrl.Host.Cluster;
using DtSmdrl.Host.Hosting;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Web;

/// <summary>What a caller adds to the web host: extra services, extra endpoints, the job scheduler.</summary>
public sealed class WebHostExtensions
{
    /// <summary>Runs the job scheduler in the same process (`serve --with-jobs`).</summary>
    public bool WithJobs { get; init; }

    /// <summary>Extra service registrations (after the store, options and engine are registered).</summary>
    public Action<WebApplicationBuilder>? Services { get; init; }

    /// <summary>Extra endpoint mappings (after the pages and health endpoints).</summary>
    public Action<IEndpointRouteBuilder>? Endpoints { get; init; }
}

/// <summary>
/// Builds the ASP.NET Core host of `dtsmdrl serve` (and of the web tests) on the same configuration, store,
/// options and engine registrations as the console verbs and the jobs (<see cref="DtSmdrlHostBuilder.Configure"/>).
/// Nothing else is read: no ASPNETCORE_* variables, no launch settings, no default appsettings lookup.
/// </summary>
public static class DtSmdrlWebHost
{
    /// <summary>
    /// The web application, not started. <paramref name="overrides"/> win over every other source (tests pass
    /// "Web:Urls" = "http://127.0.0.1:0" and read <see cref="BoundAddress"/> after start).
    /// </summary>
    public static WebApplication Build(string? configFile = null, IDictionary<string, string?>? overrides = null, WebHostExtensions? extensions = null)
    {
        extensions ??= new WebHostExtensions();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            // The pages are compiled into this assembly; tests run from another entry assembly.
            ApplicationName = typeof(DtSmdrlWebHost).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
        });
        DtSmdrlHostBuilder.Configure(builder, configFile, overrides);
        builder.Services.AddOptions<WebOptions>().Bind(builder.Configuration.GetSection(WebOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();

        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseUrls(Urls(builder.Configuration));
        builder.Services.AddSystemd();
        builder.Services.AddRoutingCore();
        builder.Services.AddRazorPages(o => o.RootDirectory = "/Web/Pages");
        builder.Services.AddAntiforgery();
        builder.Services.AddClinicianPages();
        var health = builder.Services.AddHealthChecks().AddCheck<StoreReadyHealthCheck>("store-and-model", tags: [StoreReadyHealthCheck.Tag]);
        // Cluster:Enabled (`serve --cluster`): a silo in this process; readiness then also needs the cluster's membership.
        if (ClusterHosting.AddSiloIfEnabled(builder))
            health.AddCheck<ClusterHealthCheck>("cluster", tags: [StoreReadyHealthCheck.Tag]);
        if (extensions.WithJobs)
        {
            builder.Services.AddHostedService<JobScheduler>();
            // Time for the running job to reach its step boundary on SIGTERM (match systemd's TimeoutStopSec).
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(110));
        }
        extensions.Services?.Invoke(builder);

        var app = builder.Build();
        app.UseRouting();
        app.UseAntiforgery();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealth });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(StoreReadyHealthCheck.Tag), ResponseWriter = WriteHealth });
        app.MapRazorPages();
        WebAssets.Map(app);
        extensions.Endpoints?.Invoke(app);
        return app;
    }

    /// <summary>Resolves every option (a bad setting throws <see cref="OptionsValidationException"/> naming it) before start.</summary>
    public static void ValidateAll(WebApplication app)
    {
        StoreAndJobsServices.ValidateAll(app.Services);
        _ = app.Services.GetRequiredService<IOptions<WebOptions>>().Value;
    }

    /// <summary>The first address Kestrel listens on, after start (with the real port when 0 was asked for).</summary>
    public static Uri BoundAddress(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    // Read here (not through IOptions) because Kestrel's addresses are fixed before the container exists; the
    // same value is validated with the other options at start.
    private static string[] Urls(IConfiguration configuration) =>
        (configuration[$"{WebOptions.Section}:{nameof(WebOptions.Urls)}"] ?? new WebOptions().Urls)
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = report.Entries.Select(e => $"{e.Key}: {e.Value.Status} ({e.Value.Description})");
        return context.Response.WriteAsync(string.Join('\n', lines.Prepend(report.Status.ToString())) + "\n");
    }
}
