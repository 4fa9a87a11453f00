using DtSmdrl.Host.Options;
using DtSmdrl.Plugins.Loading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DtSmdrl.Host.Hosting;

/// <summary>Builds the Generic Host every verb runs in: configuration, logging and validated options.</summary>
public static class DtSmdrlHostBuilder
{
    /// <summary>
    /// Configuration sources, later ones winning: appsettings.json beside the binary, an optional
    /// file given with --config, environment variables prefixed DTSMDRL_ (e.g. DTSMDRL_Torch__Device),
    /// then the verb's own overrides.
    /// </summary>
    public static HostApplicationBuilder Create(string? configFile = null, IDictionary<string, string?>? overrides = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
        });
        Configure(builder, configFile, overrides);
        return builder;
    }

    /// <summary>
    /// Adds the configuration sources, logging, validated options, plugins, store and jobs to any host builder
    /// (the console verbs' and the web host's), so both read the same settings the same way.
    /// </summary>
    public static void Configure(IHostApplicationBuilder builder, string? configFile = null, IDictionary<string, string?>? overrides = null)
    {
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        if (configFile is not null)
        {
            if (!File.Exists(configFile))
                throw new FileNotFoundException($"Configuration file '{configFile}' does not exist.", configFile);
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }
        builder.Configuration.AddEnvironmentVariables("DTSMDRL_");
        if (overrides is not null)
            builder.Configuration.AddInMemoryCollection(overrides);

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        // Logs go to stderr so that stdout carries only the verb's results.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services.AddOptions<TorchOptions>()
            .Bind(builder.Configuration.GetSection(TorchOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddDtSmdrlPlugins(builder.Configuration);
        builder.Services.AddStoreAndJobs(builder.Configuration);
    }
}
