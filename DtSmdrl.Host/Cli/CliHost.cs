using DtSmdrl.Host.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// Runs a store/jobs verb inside a host: builds it from --config, validates every option first (a bad setting
/// prints "configuration error: …" naming it and exits 2 before any work), then runs the verb.
/// </summary>
internal static class CliHost
{
    public const int ConfigurationError = 2;

    public static int Run(string? configFile, Func<IHost, int> verb, Action<HostApplicationBuilder>? configure = null,
        IDictionary<string, string?>? overrides = null)
    {
        IHost host;
        try
        {
            var builder = DtSmdrlHostBuilder.Create(configFile, overrides);
            configure?.Invoke(builder);
            host = builder.Build();
            StoreAndJobsServices.ValidateAll(host.Services);
        }
        catch (Exception e) when (e is OptionsValidationException or FileNotFoundException)
        {
            Console.Error.WriteLine($"configuration error: {e.Message}");
            return ConfigurationError;
        }
        // Failures of the verb itself (no model yet, unknown patient, a bad input file, an unreachable store) end in
        // CommandLineApp.RunAsync with one line and their exit code.
        using (host) return verb(host);
    }
}
