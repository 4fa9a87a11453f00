using System.ComponentModel.DataAnnotations;
using System.Net;
using DtSmdrl.Host.Options;
using DtSmdrl.Host.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;

namespace DtSmdrl.Host.Cluster;

/// <summary>
/// Puts a process on the cluster: a silo (`serve-jobs --cluster`, `serve --cluster`: grains run here and the jobs
/// fan out from here) or a client (`jobs run` with Cluster:Enabled: the jobs fan out to a running cluster).
/// </summary>
public static class ClusterHosting
{
    /// <summary>The "Cluster" settings, validated now: the silo is configured before the host (and its options) exist.</summary>
    public static ClusterModeOptions Read(IConfiguration configuration)
    {
        var options = new ClusterModeOptions();
        configuration.GetSection(ClusterModeOptions.Section).Bind(options);
        var failures = new List<string>();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            failures.AddRange(results.Select(r => r.ErrorMessage ?? "invalid Cluster setting"));
        var more = new ClusterModeOptionsValidator().Validate(null, options);
        if (more.Failed) failures.AddRange(more.Failures);
        if (failures.Count > 0) throw new OptionsValidationException(ClusterModeOptions.Section, typeof(ClusterModeOptions), failures);
        return options;
    }

    /// <summary>A silo in this process when Cluster:Enabled; returns whether one was added.</summary>
    public static bool AddSiloIfEnabled(IHostApplicationBuilder builder)
    {
        var options = Read(builder.Configuration);
        if (!options.Enabled) return false;
        builder.UseOrleans(silo =>
        {
            ConfigureMembership(silo, options);
            AddGrains(silo, options);
        });
        AddJobServices(builder.Services);
        return true;
    }

    /// <summary>An Orleans client in this process when Cluster:Enabled (the jobs then fan out to the cluster's silos).</summary>
    public static bool AddClientIfEnabled(IHostApplicationBuilder builder)
    {
        var options = Read(builder.Configuration);
        if (!options.Enabled) return false;
        builder.UseOrleansClient(client =>
        {
            if (options.Membership == ClusterModeOptions.Redis)
            {
                client.UseRedisClustering(options.RedisConnectionString!);
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.ClusterId, options.ServiceId));
            }
            else client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(options.CallTimeoutSeconds));
        });
        AddJobServices(builder.Services);
        return true;
    }

    /// <summary>Membership and endpoints: localhost (development) or Redis (production).</summary>
    public static void ConfigureMembership(ISiloBuilder silo, ClusterModeOptions options)
    {
        if (options.Membership == ClusterModeOptions.Redis)
        {
            silo.UseRedisClustering(options.RedisConnectionString!);
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.ClusterId, options.ServiceId));
            silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
        }
        else
        {
            var primary = options.SiloPort == options.PrimarySiloPort ? null : new IPEndPoint(IPAddress.Loopback, options.PrimarySiloPort);
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, primary, options.ServiceId, options.ClusterId);
        }
    }

    /// <summary>
    /// What every DtSmdrl silo has whatever its membership (also used by the test clusters): the grain storage on the
    /// DtSmdrl store and the call timeout. The grains' own services (store, recommender, options) come from the host.
    /// </summary>
    public static void AddGrains(ISiloBuilder silo, ClusterModeOptions options)
    {
        silo.Services.AddGrainStorage(StoreGrainStorage.Name, (sp, _) =>
            new StoreGrainStorage(sp.GetRequiredService<Database>(), sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(options.CallTimeoutSeconds));
    }

    /// <summary>The jobs' fan-out (the study's perfect-information search too) and the membership view, for a process with a silo or a client.</summary>
    public static void AddJobServices(IServiceCollection services)
    {
        services.AddSingleton<PatientFanOut>();
        services.AddSingleton<ClusterPerfectInformationSolver>();
        services.AddSingleton<ClusterMembership>();
    }
}
