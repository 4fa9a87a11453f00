namespace DtSmdrl.Plugins.Loading;

/// <summary>
/// One row of what discovery found: a plugin type registered under a contract, or a refusal (of a whole
/// plugin folder, then <see cref="Contract"/> and <see cref="Name"/> may be "-", or of one type).
/// </summary>
/// <param name="Plugin">Manifest name of the plugin ("built-in" for the DtSmdrl.Plugins assembly).</param>
/// <param name="Kind">Plugin kind from the contract ("safety", "causal", "explainer"), or "-".</param>
/// <param name="Contract">Contract interface name, e.g. "IRiskMeasure", or "-".</param>
/// <param name="Name">The implementation's Name, or its type name when Name could not be read, or "-".</param>
/// <param name="Version">The plugin's version (manifest, or the assembly's informational version for built-ins).</param>
/// <param name="ContractVersion">The contract version it was built against.</param>
/// <param name="Source">"built-in" or the plugin folder.</param>
/// <param name="Loaded">True when registered; false when refused.</param>
/// <param name="Reason">Why it was refused (null when loaded).</param>
/// <param name="Instance">The registered instance (null when refused).</param>
public sealed record PluginEntry(
    string Plugin,
    string Kind,
    string Contract,
    string Name,
    string Version,
    string ContractVersion,
    string Source,
    bool Loaded,
    string? Reason,
    object? Instance)
{
    /// <summary>The <see cref="Source"/> of built-in plugins.</summary>
    public const string BuiltInSource = "built-in";

    /// <summary>"loaded" or "refused: reason".</summary>
    public string Status => Loaded ? "loaded" : $"refused: {Reason}";

    /// <summary>The DI key of a loaded plugin: "kind:name".</summary>
    public string Key => PluginRegistry.KeyOf(Kind, Name);
}
