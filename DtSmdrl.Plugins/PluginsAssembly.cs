namespace DtSmdrl.Plugins;

/// <summary>Marker for this assembly: plugin loading resolves the shared contract assembly through it.</summary>
public static class PluginsAssembly
{
    /// <summary>Version of the plugin contracts this assembly defines; a plugin manifest must name it.</summary>
    public const string ContractVersion = "1.0";
}
