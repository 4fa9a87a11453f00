using System.Text.Json;
using System.Text.Json.Serialization;

namespace DtSmdrl.Plugins.Loading;

/// <summary>
/// The <c>plugin.json</c> of a plugin folder:
/// <code>
/// { "name": "sample-risk", "version": "1.0.0", "contractVersion": "1.0",
///   "assembly": "DtSmdrl.SamplePlugin.dll", "sha256": "9f86d0..." }
/// </code>
/// </summary>
/// <param name="Name">Plugin name, matched against <c>Plugins:Allowed</c>.</param>
/// <param name="Version">The plugin's own version.</param>
/// <param name="ContractVersion">The contract version it was built against ("major.minor").</param>
/// <param name="Assembly">Assembly file name, relative to the plugin folder.</param>
/// <param name="Sha256">SHA-256 of the assembly file, hexadecimal.</param>
public sealed record PluginManifest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("contractVersion")] string ContractVersion,
    [property: JsonPropertyName("assembly")] string Assembly,
    [property: JsonPropertyName("sha256")] string Sha256)
{
    /// <summary>File name of the manifest in a plugin folder.</summary>
    public const string FileName = "plugin.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Reads and checks a manifest; throws <see cref="InvalidDataException"/> naming the file and field.</summary>
    public static PluginManifest Read(string path)
    {
        PluginManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PluginManifest>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid plugin manifest ({e.Message}).", e);
        }
        if (manifest is null)
            throw new InvalidDataException($"{path}: the manifest is empty.");
        Require(path, "name", manifest.Name);
        Require(path, "version", manifest.Version);
        Require(path, "contractVersion", manifest.ContractVersion);
        Require(path, "assembly", manifest.Assembly);
        Require(path, "sha256", manifest.Sha256);
        if (!ContractVersions.TryParse(manifest.ContractVersion, out _, out _))
            throw new InvalidDataException($"{path}: field 'contractVersion' is '{manifest.ContractVersion}'; expected 'major.minor', e.g. '1.0'.");
        if (Path.IsPathRooted(manifest.Assembly) || manifest.Assembly.Contains("..", StringComparison.Ordinal))
            throw new InvalidDataException($"{path}: field 'assembly' is '{manifest.Assembly}'; it must be a file inside the plugin folder.");
        if (manifest.Sha256.Length != 64 || !manifest.Sha256.All(Uri.IsHexDigit))
            throw new InvalidDataException($"{path}: field 'sha256' must be 64 hexadecimal digits.");
        return manifest;
    }

    /// <summary>Writes the manifest as JSON (used by tests and by plugin authors' tooling).</summary>
    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    private static void Require(string path, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidDataException($"{path}: field '{field}' is missing or empty.");
    }
}
