using System.Text.Json;
using System.Text.Json.Nodes;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Provenance;
using Microsoft.ML;

namespace DtSmdrl.Pipeline.Agent.MlNet;

/// <summary>
/// One file for a fitted meta-PPO agent and, optionally, the ML.NET pipeline in front of it (e.g. the patient
/// featuriser): a <see cref="ModelBundle"/> of kind "meta-ppo" with <c>mlnet.zip</c> (the upstream chain through
/// <c>ml.Model.Save</c>), <c>meta-ppo.json</c> (format version, options, network shape, frozen normaliser) and
/// <c>meta-ppo-weights.bin</c> (TorchSharp weights of the initialisation).
/// </summary>
public static class MetaPpoModelBundle
{
    public const string Kind = "meta-ppo";
    public const string DescriptionEntry = "meta-ppo.json";
    public const string WeightsEntry = "meta-ppo-weights.bin";

    /// <summary>Version of <see cref="DescriptionEntry"/>'s layout; loading refuses other versions.</summary>
    public const int FormatVersion = 1;

    /// <summary>Writes the bundle atomically.</summary>
    public static void Save(string path, MLContext ml, MetaPpoTransformer model, ITransformer? upstream = null, DataViewSchema? upstreamInputSchema = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (upstream is not null && upstreamInputSchema is null)
            throw new ArgumentException("Saving an upstream pipeline needs its input schema.", nameof(upstreamInputSchema));
        var description = new Description(FormatVersion, model.Options, model.Initialization.Weights.Shape, model.Initialization.Normalizer.ToState(), model.TrainingDataHash,
            model.ResponseCalibration);
        var entries = new Dictionary<string, Action<Stream>>
        {
            [DescriptionEntry] = stream => JsonSerializer.Serialize(stream, description, AgentJson.Options),
            [WeightsEntry] = stream => model.Initialization.WriteWeights(stream),
        };
        if (upstream is not null)
            entries[ModelBundle.MlNetEntry] = ModelBundle.MlNet(ml, upstream, upstreamInputSchema!);
        var manifest = new BundleManifest
        {
            Kind = Kind,
            TrainingDataHash = model.TrainingDataHash,
            Seed = model.Options.Seed,
            Options = JsonSerializer.SerializeToNode(model.Options, AgentJson.Options)!.AsObject(),
        };
        ModelBundle.Save(path, manifest, entries);
    }

    /// <summary>Reads a bundle written by <see cref="Save"/>.</summary>
    public static MetaPpoBundle Load(string path, MLContext ml)
    {
        using var reader = ModelBundle.Open(path);
        if (reader.Manifest.Kind != Kind)
            throw new InvalidDataException($"{path}: bundle kind is '{reader.Manifest.Kind}', expected '{Kind}'.");
        var description = JsonSerializer.Deserialize<Description>(reader.ReadEntry(DescriptionEntry), AgentJson.Options)
            ?? throw new InvalidDataException($"{path}: entry {DescriptionEntry} is empty.");
        if (description.FormatVersion != FormatVersion)
            throw new InvalidDataException($"{path}: {DescriptionEntry} format version {description.FormatVersion}; this build reads {FormatVersion}.");
        var initialization = MetaInitialization.ReadWeights(reader.ReadEntry(WeightsEntry), description.Shape, description.Normalizer);
        ITransformer? upstream = null;
        DataViewSchema? inputSchema = null;
        if (reader.Manifest.Entries.Contains(ModelBundle.MlNetEntry))
        {
            DtSmdrlCatalog.RegisterComponents(ml);
            upstream = reader.LoadMlNet(ml, out var schema);
            inputSchema = schema;
        }
        return new MetaPpoBundle(upstream, inputSchema, new MetaPpoTransformer(description.Options, initialization, description.TrainingDataHash)
        {
            ResponseCalibration = description.ResponseCalibration,
        });
    }

    // ResponseCalibration is absent from bundles written before it existed, which then load without one.
    private sealed record Description(int FormatVersion, MetaPpoEstimatorOptions Options, NetworkShape Shape, ObservationNormalizerState Normalizer, string TrainingDataHash,
        StatedResponseCalibration? ResponseCalibration = null);
}

/// <summary>A loaded meta-PPO bundle: the optional upstream ML.NET chain and the agent.</summary>
public sealed record MetaPpoBundle(ITransformer? Upstream, DataViewSchema? UpstreamInputSchema, MetaPpoTransformer Agent)
{
    /// <summary>Runs the upstream chain (if any) and the agent.</summary>
    public IDataView Transform(IDataView input) => Agent.Transform(Upstream?.Transform(input) ?? input);
}
