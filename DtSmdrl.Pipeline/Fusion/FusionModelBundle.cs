using TorchSharp;
using System.Text.Json;
using System.Text.Json.Nodes;
using DtSmdrl.Pipeline.Provenance;
using DtSmdrl.Pipeline.Torch;

namespace DtSmdrl.Pipeline.Fusion;

/// <summary>
/// Saves a fusion model as a <see cref="ModelBundle"/> (kind "fusion"): <c>fusion-model.json</c> (architecture and
/// options) and <c>fusion-weights.bin</c> (TorchSharp <c>module.save</c>). Loading builds the model on CPU, loads the
/// weights, then moves it to the requested device.
/// </summary>
public static class FusionModelBundle
{
    public const string Kind = "fusion";
    public const string ModelEntry = "fusion-model.json";
    public const string WeightsEntry = "fusion-weights.bin";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>What <see cref="ModelEntry"/> holds.</summary>
    public sealed record Description(FusionArchitecture Architecture, FusionOptions Options);

    /// <summary>Writes the bundle; <paramref name="trainingDataHash"/> should identify the training data (see ContentHash).</summary>
    public static void Save(string path, FusionTransformerModel model, string trainingDataHash, JsonObject? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var manifest = new BundleManifest
        {
            Kind = Kind,
            TrainingDataHash = trainingDataHash,
            Seed = model.Options.Seed,
            Options = (JsonObject)JsonSerializer.SerializeToNode(model.Options, Json)!,
            Metrics = metrics ?? new JsonObject(),
        };
        ModelBundle.Save(path, manifest, ModelEntries(model));
    }

    /// <summary>Loads a bundle written by <see cref="Save"/>; the model is in eval mode on <paramref name="device"/> (default: the saved option).</summary>
    public static FusionTransformerModel Load(string path, string? device = null)
    {
        using var bundle = ModelBundle.Open(path);
        if (bundle.Manifest.Kind != Kind)
            throw new InvalidDataException($"'{path}' is a '{bundle.Manifest.Kind}' bundle, not a '{Kind}' bundle.");
        return ReadModel(bundle, device);
    }

    /// <summary>The two entries that hold a model; <see cref="Provenance.ModelBundle.Save"/> writes them.</summary>
    internal static Dictionary<string, Action<Stream>> ModelEntries(FusionTransformerModel model)
    {
        var description = new Description(model.Architecture, model.Options);
        return new Dictionary<string, Action<Stream>>
        {
            [ModelEntry] = stream => JsonSerializer.Serialize(stream, description, Json),
            [WeightsEntry] = stream => model.save(stream),
        };
    }

    /// <summary>Builds the model of an opened bundle on CPU, loads its weights, moves it to the device, eval mode.</summary>
    internal static FusionTransformerModel ReadModel(ModelBundleReader bundle, string? device)
    {
        var path = bundle.Path;
        Description description;
        using (var stream = bundle.ReadEntry(ModelEntry))
            description = JsonSerializer.Deserialize<Description>(stream, Json)
                ?? throw new InvalidDataException($"'{path}': entry {ModelEntry} is empty.");
        if (description.Architecture is null || description.Options is null)
            throw new InvalidDataException($"'{path}': entry {ModelEntry} lacks 'Architecture' or 'Options'.");
        var model = new FusionTransformerModel(description.Architecture, description.Options);
        try
        {
            using (var weights = bundle.ReadEntry(WeightsEntry))
                model.load(weights);
            model.to(TorchDeviceSelector.Resolve(device ?? description.Options.Device));
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
