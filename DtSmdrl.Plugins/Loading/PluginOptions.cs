namespace DtSmdrl.Plugins.Loading;

/// <summary>
/// Configuration section <c>Plugins</c>: where external plugins live and which of them may load.
/// <code>
/// "Plugins": { "Folders": [ "plugins" ], "Allowed": [ { "Name": "sample-risk", "Sha256": "9f86d0..." } ], "BuiltIn": true }
/// </code>
/// </summary>
public sealed class PluginOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Plugins";

    /// <summary>
    /// Folders to scan. A folder holding a <c>plugin.json</c> is one plugin; otherwise each of its immediate
    /// subfolders holding a <c>plugin.json</c> is one. Relative paths are taken from the application's base directory.
    /// </summary>
    public List<string> Folders { get; set; } = [];

    /// <summary>The external plugins that may load, each pinned by the SHA-256 of its code files; any other is refused.</summary>
    public List<AllowedPlugin> Allowed { get; set; } = [];

    /// <summary>Register the built-in plugins of the DtSmdrl.Plugins assembly (default true).</summary>
    public bool BuiltIn { get; set; } = true;
}
