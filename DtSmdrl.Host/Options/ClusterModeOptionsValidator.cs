using System.Net;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Options;

/// <summary>Checks what data annotations cannot: the settings each membership kind needs.</summary>
public sealed class ClusterModeOptionsValidator : IValidateOptions<ClusterModeOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterModeOptions options)
    {
        var failures = new List<string>();
        if (options.SiloPort == options.GatewayPort)
            failures.Add($"Cluster:GatewayPort: must differ from Cluster:SiloPort ({options.SiloPort}).");
        if (options.Membership == ClusterModeOptions.Redis)
        {
            if (string.IsNullOrWhiteSpace(options.RedisConnectionString))
                failures.Add("Cluster:RedisConnectionString: required when Cluster:Membership is 'redis' (e.g. \"127.0.0.1:6379\").");
            if (!IPAddress.TryParse(options.AdvertisedAddress, out _))
                failures.Add($"Cluster:AdvertisedAddress: '{options.AdvertisedAddress}' is not an IP address.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
