using System.Text.Json;
using System.Text.Json.Nodes;
using DtSmdrl.Pipeline.Provenance;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Fusion.MlNet;

/// <summary>
/// A whole fitted pipeline, raw patient view in, fusion outputs out: the ML.NET featuriser followed by the fusion transformer.
/// It saves to ONE file, a <see cref="ModelBundle"/> of kind "fusion-pipeline":
/// <list type="table">
/// <item><term>manifest.json</term><description>bundle format, kind, git commit, package versions, training-data hash, seed, options, metrics</description></item>
/// <item><term>mlnet.zip</term><description>the featuriser, written by <c>mlContext.Model.Save</c> with the raw input schema</description></item>
/// <item><term>fusion-transform.json</term><description>the pipeline format version and the <see cref="FusionTransformerOptions"/> (columns, MC settings)</description></item>
/// <item><term>fusion-model.json, fusion-weights.bin</term><description>the fusion model's architecture, options and TorchSharp weights (as in <see cref="FusionModelBundle"/>)</description></item>
/// </list>
/// Loading (same or fresh process) gives identical outputs: the featuriser is ML.NET's own, the weights are bit-exact and MC dropout is seeded.
/// </summary>
public sealed class FusionPipeline : IDisposable
{
    public const string Kind = "fusion-pipeline";
    public const string TransformEntry = "fusion-transform.json";

    /// <summary>Version of the layout above; a reader refuses a newer one.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Pairs a fitted featuriser with a fitted fusion transformer; <paramref name="inputSchema"/> is the featuriser's (raw) input schema.</summary>
    public FusionPipeline(ITransformer featurizer, FusionTransformerTransformer fusion, DataViewSchema inputSchema)
    {
        Featurizer = featurizer ?? throw new ArgumentNullException(nameof(featurizer));
        Fusion = fusion ?? throw new ArgumentNullException(nameof(fusion));
        InputSchema = inputSchema ?? throw new ArgumentNullException(nameof(inputSchema));
        Fusion.CheckInput(Featurizer.GetOutputSchema(InputSchema));
    }

    /// <summary>
    /// Splits a fitted chain (e.g. <c>FeaturizePatient().Append(FuseModalities(...)).Fit(data)</c>) whose LAST transformer is the
    /// fusion transformer into featuriser and fusion parts.
    /// </summary>
    public static FusionPipeline FromChain(ITransformer fitted, DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(fitted);
        if (fitted is FusionTransformerTransformer alone)
            return new FusionPipeline(new TransformerChain<ITransformer>(), alone, inputSchema);
        if (fitted is not IEnumerable<ITransformer> chain)
            throw new ArgumentException($"Expected a fitted transformer chain ending in the fusion transformer, got {fitted.GetType().Name}.", nameof(fitted));
        var parts = chain.ToList();
        if (parts.Count == 0 || parts[^1] is not FusionTransformerTransformer fusion)
            throw new ArgumentException("The chain's last transformer must be the fusion transformer (ml.DtSmdrl().FuseModalities).", nameof(fitted));
        if (parts.Take(parts.Count - 1).Any(p => p is FusionTransformerTransformer))
            throw new ArgumentException("The chain holds more than one fusion transformer; a fusion pipeline has exactly one, at the end.", nameof(fitted));
        return new FusionPipeline(new TransformerChain<ITransformer>(parts.Take(parts.Count - 1).ToArray()), fusion, inputSchema);
    }

    /// <summary>The ML.NET-native part (saved as mlnet.zip).</summary>
    public ITransformer Featurizer { get; }

    /// <summary>The fusion transformer (owned: disposing the pipeline disposes it).</summary>
    public FusionTransformerTransformer Fusion { get; }

    /// <summary>The raw input schema the featuriser expects.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>Featurises <paramref name="raw"/> and adds the fusion outputs.</summary>
    public IDataView Transform(IDataView raw) => Fusion.Transform(Featurizer.Transform(raw));

    /// <summary>Featurises <paramref name="raw"/> and predicts every row, in row order.</summary>
    public FusionPrediction[] Predict(IDataView raw) => Fusion.Predict(Featurizer.Transform(raw));

    /// <summary>Writes the pipeline to one file (atomically). <paramref name="trainingDataHash"/> should identify the training data.</summary>
    public void Save(MLContext ml, string path, string trainingDataHash, JsonObject? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        var options = Fusion.Options;
        var manifest = new BundleManifest
        {
            Kind = Kind,
            TrainingDataHash = trainingDataHash,
            Seed = options.Model.Seed,
            Options = (JsonObject)JsonSerializer.SerializeToNode(options, Json)!,
            Metrics = metrics ?? new JsonObject(),
        };
        var entries = FusionModelBundle.ModelEntries(Fusion.Model);
        entries[ModelBundle.MlNetEntry] = ModelBundle.MlNet(ml, Featurizer, InputSchema);
        entries[TransformEntry] = stream => JsonSerializer.Serialize(stream, new TransformDescription(FormatVersion, options), Json);
        ModelBundle.Save(path, manifest, entries);
    }

    /// <summary>Loads a pipeline written by <see cref="Save"/> (registers DtSmdrl's ML.NET components on <paramref name="ml"/> first).</summary>
    public static FusionPipeline Load(MLContext ml, string path, string? device = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        DtSmdrlCatalog.RegisterComponents(ml);
        using var bundle = ModelBundle.Open(path);
        if (bundle.Manifest.Kind != Kind)
            throw new InvalidDataException($"'{path}' is a '{bundle.Manifest.Kind}' bundle, not a '{Kind}' bundle.");
        TransformDescription description;
        using (var stream = bundle.ReadEntry(TransformEntry))
            description = JsonSerializer.Deserialize<TransformDescription>(stream, Json)
                ?? throw new InvalidDataException($"'{path}': entry {TransformEntry} is empty.");
        if (description.FormatVersion > FormatVersion)
            throw new InvalidDataException($"'{path}': entry {TransformEntry} has fusion pipeline format {description.FormatVersion}; this build reads up to {FormatVersion}. Update DtSmdrl.");
        if (description.Options is null)
            throw new InvalidDataException($"'{path}': entry {TransformEntry} lacks 'Options'.");
        var featurizer = bundle.LoadMlNet(ml, out var inputSchema);
        var model = FusionModelBundle.ReadModel(bundle, device);
        try
        {
            var fusion = new FusionTransformerTransformer(model, description.Options with { Model = model.Options }, [], 0);
            return new FusionPipeline(featurizer, fusion, inputSchema);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Frees the fusion model's weights.</summary>
    public void Dispose() => Fusion.Dispose();

    /// <summary>What <see cref="TransformEntry"/> holds.</summary>
    private sealed record TransformDescription(int FormatVersion, FusionTransformerOptions Options);
}
