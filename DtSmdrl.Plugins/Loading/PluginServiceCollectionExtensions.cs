using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Plugins.Loading;

/// <summary>DI registration of the plugins.</summary>
public static class PluginServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="PluginOptions"/> from the <c>Plugins</c> section (at start-up), registers the
    /// <see cref="PluginRegistry"/> (discovery runs once, on first resolution, logging through the host's logger)
    /// and every contract interface as a keyed singleton resolved by "kind:name", e.g.
    /// <c>services.GetRequiredKeyedService&lt;IRiskMeasure&gt;("safety:cvar")</c>.
    /// </summary>
    public static IServiceCollection AddDtSmdrlPlugins(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PluginOptions>()
            .Bind(configuration.GetSection(PluginOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PluginOptions>, PluginOptionsValidator>();
        services.AddSingleton<IValidateOptions<PluginOptions>>(new AllowListShapeValidator(configuration));
        services.AddSingleton(sp => new PluginLoader(
            sp.GetRequiredService<IOptions<PluginOptions>>().Value,
            sp.GetService<ILoggerFactory>()?.CreateLogger<PluginLoader>() ?? (ILogger)NullLogger.Instance).Load());
        foreach (var contract in PluginContracts.Interfaces)
        {
            var kind = PluginContracts.ContractOf(contract)!.Kind;
            services.AddKeyedSingleton(contract, KeyedService.AnyKey, (sp, key) =>
            {
                var text = key as string ?? throw new ArgumentException($"A {contract.Name} plugin key must be a string \"{kind}:name\".");
                var prefix = kind + ":";
                if (!text.StartsWith(prefix, StringComparison.Ordinal))
                    throw new KeyNotFoundException($"A {contract.Name} plugin key must be \"{kind}:name\", got \"{text}\".");
                return sp.GetRequiredService<PluginRegistry>().Get(contract, text[prefix.Length..]);
            });
        }
        return services;
    }
}
