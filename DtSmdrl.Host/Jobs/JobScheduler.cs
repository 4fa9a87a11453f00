using System.Text.Json.Nodes;
using DtSmdrl.Host.Cluster;
using DtSmdrl.Host.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Jobs;

/// <summary>
/// `dtsmdrl serve-jobs`: a BackgroundService that fires the configured cron schedules (UTC). Jobs run one at
/// a time on this instance; across instances the job lease decides. Each tick rewrites the health file. On
/// SIGTERM/Ctrl+C the running job stops at its next step boundary (committed steps stay) and the health file
/// says "stopped". A failing job is recorded and the scheduler carries on.
/// </summary>
public sealed class JobScheduler(JobRunner runner, IOptions<JobsOptions> options, TimeProvider clock, ILogger<JobScheduler> logger,
    ClusterMembership? membership = null) : BackgroundService
{
    private readonly JobsOptions settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedules = settings.Schedules.Where(s => s.Value.Enabled)
            .ToDictionary(s => s.Key, s => CronSchedule.Parse(s.Value.Cron), StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var next = schedules.ToDictionary(s => s.Key, s => s.Value.Next(now));
        logger.LogInformation("Scheduler {Owner} started with {Count} schedules: {Schedules}", runner.Owner, schedules.Count,
            string.Join("; ", schedules.Select(s => $"{s.Key} '{s.Value.Text}' next {next[s.Key]:O}")));
        string? last = null;
        var tick = TimeSpan.FromSeconds(settings.TickSeconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                now = clock.GetUtcNow();
                HealthFile.Write(settings.HealthFile, "running", runner.Owner, now, next.ToDictionary(n => n.Key, n => n.Value), last, await Membership(stoppingToken));
                foreach (var name in next.Where(n => n.Value is { } at && at <= now).Select(n => n.Key).Order(StringComparer.Ordinal).ToList())
                {
                    if (stoppingToken.IsCancellationRequested) break;
                    // Jobs are CPU-bound and synchronous: run them off the host's threads.
                    var result = await Task.Run(() => runner.Run(name, stoppingToken), CancellationToken.None);
                    last = $"{result.Job} {result.Status} {clock.GetUtcNow():O}";
                    next[name] = schedules[name].Next(clock.GetUtcNow());
                    HealthFile.Write(settings.HealthFile, "running", runner.Owner, clock.GetUtcNow(), next.ToDictionary(n => n.Key, n => n.Value), last, await Membership(stoppingToken));
                }
                var soonest = next.Values.Where(v => v is not null).Select(v => v!.Value - clock.GetUtcNow()).DefaultIfEmpty(tick).Min();
                var wait = soonest < tick ? (soonest > TimeSpan.Zero ? soonest : TimeSpan.Zero) : tick;
                await Task.Delay(wait, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        HealthFile.Write(settings.HealthFile, "stopped", runner.Owner, clock.GetUtcNow(), next.ToDictionary(n => n.Key, n => n.Value), last);
        logger.LogInformation("Scheduler {Owner} stopped", runner.Owner);
    }

    /// <summary>Cluster mode: the membership for the health file; an unreachable membership is shown as such, never fatal.</summary>
    private async Task<JsonNode?> Membership(CancellationToken stoppingToken)
    {
        if (membership is null) return null;
        try
        {
            return await membership.ReadAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Cluster membership could not be read for the health file ({ExceptionType})", e.GetType().Name);
            return new JsonObject { ["error"] = e.GetType().Name };
        }
    }
}
