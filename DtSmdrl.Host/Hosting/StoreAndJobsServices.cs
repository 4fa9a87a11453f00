using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Options;
using DtSmdrl.Host.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Hosting;

/// <summary>Registers the store (migrated when first resolved), the jobs and their validated options.</summary>
public static class StoreAndJobsServices
{
    public static IServiceCollection AddStoreAndJobs(this IServiceCollection services, IConfiguration configuration)
    {
        Add<StoreOptions>(services, configuration, StoreOptions.Section);
        Add<JobsOptions>(services, configuration, JobsOptions.Section);
        Add<IngestOptions>(services, configuration, IngestOptions.Section);
        Add<TwinUpdateOptions>(services, configuration, TwinUpdateOptions.Section);
        Add<EngineOptions>(services, configuration, EngineOptions.Section);
        Add<StudyJobOptions>(services, configuration, StudyJobOptions.Section);
        Add<ClusterModeOptions>(services, configuration, ClusterModeOptions.Section);
        services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();
        services.AddSingleton<IValidateOptions<ClusterModeOptions>, ClusterModeOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var database = Database.From(sp.GetRequiredService<IOptions<StoreOptions>>().Value, sp.GetRequiredService<TimeProvider>());
            Migrator.Apply(database);
            return database;
        });
        services.AddSingleton<IJob, IngestOutcomesJob>();
        services.AddSingleton<IJob, UpdateTwinsJob>();
        services.AddSingleton<IJob, RecommendBatchJob>();
        services.AddSingleton<IJob, RetrainJob>();
        services.AddSingleton<IJob, StudyJob>();
        services.AddSingleton<SupervisedTwinEngine>();
        services.AddSingleton<MetaPpoEngine>();
        // Engine:Name picks the engine (validated at start-up).
        services.AddSingleton<IRecommendationEngine>(sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value.Name == MetaPpoEngine.EngineName
            ? sp.GetRequiredService<MetaPpoEngine>()
            : sp.GetRequiredService<SupervisedTwinEngine>());
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<Recommender>();
        services.AddSingleton<JobRunner>();
        return services;
    }

    /// <summary>Resolves every option type so a bad setting fails here, naming it, before any work.</summary>
    public static void ValidateAll(IServiceProvider services)
    {
        _ = services.GetRequiredService<IOptions<TorchOptions>>().Value;
        _ = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        _ = services.GetRequiredService<IOptions<JobsOptions>>().Value;
        _ = services.GetRequiredService<IOptions<IngestOptions>>().Value;
        _ = services.GetRequiredService<IOptions<TwinUpdateOptions>>().Value;
        _ = services.GetRequiredService<IOptions<EngineOptions>>().Value;
        _ = services.GetRequiredService<IOptions<StudyJobOptions>>().Value;
        _ = services.GetRequiredService<IOptions<ClusterModeOptions>>().Value;
    }

    private static void Add<T>(IServiceCollection services, IConfiguration configuration, string section) where T : class =>
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
}
