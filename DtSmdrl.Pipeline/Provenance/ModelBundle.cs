using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;

namespace DtSmdrl.Pipeline.Provenance;

/// <summary>
/// One-file model bundle (zip): manifest.json, the ML.NET-native part as mlnet.zip (written by
/// mlContext.Model.Save), and any further entries such as TorchSharp weights. ML.NET's own save
/// contract is closed to transformers written outside ML.NET, so this is how our models persist.
/// </summary>
public static class ModelBundle
{
    public const string ManifestEntry = "manifest.json";
    public const string MlNetEntry = "mlnet.zip";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// Writes the bundle atomically: to a temporary file beside <paramref name="path"/>, then moved over it,
    /// so a crash never leaves a half-written bundle under the final name.
    /// </summary>
    public static void Save(string path, BundleManifest manifest, IReadOnlyDictionary<string, Action<Stream>> entries)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (entries.ContainsKey(ManifestEntry))
            throw new ArgumentException($"Entry name '{ManifestEntry}' is reserved for the manifest.", nameof(entries));
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var file = File.Create(temp))
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                var withEntries = manifest with { Entries = entries.Keys.Order(StringComparer.Ordinal).ToList() };
                using (var stream = zip.CreateEntry(ManifestEntry).Open())
                    JsonSerializer.Serialize(stream, withEntries, JsonOptions);
                foreach (var (name, write) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    using var stream = zip.CreateEntry(name).Open();
                    write(stream);
                }
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>An entry writer for the ML.NET-native part of a pipeline.</summary>
    public static Action<Stream> MlNet(MLContext ml, ITransformer model, DataViewSchema inputSchema) =>
        stream =>
        {
            // Model.Save needs a seekable stream; a zip entry stream is not.
            using var buffer = new MemoryStream();
            ml.Model.Save(model, inputSchema, buffer);
            buffer.Position = 0;
            buffer.CopyTo(stream);
        };

    /// <summary>Opens a bundle for reading; checks that it is one and that its format is not newer than this build.</summary>
    public static ModelBundleReader Open(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Model bundle '{path}' does not exist.", path);
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a model bundle (not a zip archive): {e.Message}", e);
        }
        try
        {
            var manifestEntry = zip.GetEntry(ManifestEntry)
                ?? throw new InvalidDataException($"'{path}' is not a model bundle: it has no {ManifestEntry}.");
            BundleManifest manifest;
            using (var stream = manifestEntry.Open())
                manifest = JsonSerializer.Deserialize<BundleManifest>(stream, JsonOptions)
                    ?? throw new InvalidDataException($"'{path}': {ManifestEntry} is empty.");
            if (manifest.FormatVersion > BundleManifest.CurrentFormatVersion)
                throw new InvalidDataException(
                    $"'{path}' has bundle format {manifest.FormatVersion}; this build reads up to {BundleManifest.CurrentFormatVersion}. Update DtSmdrl.");
            return new ModelBundleReader(path, zip, manifest);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }
}

/// <summary>Read access to an opened bundle: its manifest and its entries by name.</summary>
public sealed class ModelBundleReader : IDisposable
{
    private readonly ZipArchive _zip;

    internal ModelBundleReader(string path, ZipArchive zip, BundleManifest manifest)
    {
        Path = path;
        _zip = zip;
        Manifest = manifest;
    }

    public string Path { get; }

    public BundleManifest Manifest { get; }

    /// <summary>Copies an entry into memory (ML.NET and TorchSharp loaders want seekable streams).</summary>
    public MemoryStream ReadEntry(string name)
    {
        var entry = _zip.GetEntry(name)
            ?? throw new InvalidDataException($"Model bundle '{Path}' has no entry '{name}' (it has: {string.Join(", ", Manifest.Entries)}).");
        var buffer = new MemoryStream();
        using (var stream = entry.Open())
            stream.CopyTo(buffer);
        buffer.Position = 0;
        return buffer;
    }

    /// <summary>Loads the ML.NET-native part written with <see cref="ModelBundle.MlNet"/>.</summary>
    public ITransformer LoadMlNet(MLContext ml, out DataViewSchema inputSchema)
    {
        using var stream = ReadEntry(ModelBundle.MlNetEntry);
        return ml.Model.Load(stream, out inputSchema);
    }

    public void Dispose() => _zip.Dispose();
}
