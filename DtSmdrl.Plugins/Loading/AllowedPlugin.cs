namespace DtSmdrl.Plugins.Loading;

/// <summary>
/// One entry of <see cref="PluginOptions.Allowed"/>: a plugin the operator reviewed, pinned by the SHA-256 of every
/// code file in its folder. The pins live in the operator's configuration, not in the plugin folder, so whoever
/// can write the folder cannot re-hash a patched file into acceptance.
/// <code>
/// { "Name": "sample-risk", "Sha256": "&lt;main assembly&gt;", "Dependencies": { "Private.Helper.dll": "&lt;sha256&gt;" } }
/// </code>
/// </summary>
public sealed class AllowedPlugin
{
    /// <summary>The manifest name (exact, case-sensitive).</summary>
    public string Name { get; set; } = "";

    /// <summary>SHA-256 (hexadecimal) of the plugin's main assembly, the manifest's <c>assembly</c>.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>
    /// SHA-256 of every other code file (*.dll, *.so, *.dylib) in the plugin folder, by path relative to the folder
    /// ('/' separated). A code file in the folder that is neither the main assembly nor listed here refuses the plugin.
    /// </summary>
    public Dictionary<string, string> Dependencies { get; set; } = new(StringComparer.Ordinal);
}
