namespace DtSmdrl.Plugins.Loading;

/// <summary>Compatibility of "major.minor" contract versions.</summary>
public static class ContractVersions
{
    /// <summary>Parses "major.minor" (both non-negative integers).</summary>
    public static bool TryParse(string? version, out int major, out int minor)
    {
        major = minor = 0;
        var parts = version?.Split('.') ?? [];
        return parts.Length == 2 && int.TryParse(parts[0], out major) && int.TryParse(parts[1], out minor) && major >= 0 && minor >= 0;
    }

    /// <summary>
    /// A plugin built against <paramref name="plugin"/> runs on a host with <paramref name="host"/> when the major
    /// numbers agree and the plugin's minor is not newer (it may rely on members the host lacks). Null when
    /// compatible, otherwise the reason.
    /// </summary>
    public static string? Incompatibility(string plugin, string host)
    {
        if (!TryParse(plugin, out var pluginMajor, out var pluginMinor))
            return $"contract version '{plugin}' is not 'major.minor'";
        if (!TryParse(host, out var hostMajor, out var hostMinor))
            throw new ArgumentException($"Host contract version '{host}' is not 'major.minor'.", nameof(host));
        if (pluginMajor != hostMajor)
            return $"built against contract {plugin}, host has {host} (major versions differ)";
        if (pluginMinor > hostMinor)
            return $"built against contract {plugin}, newer than the host's {host}";
        return null;
    }
}
