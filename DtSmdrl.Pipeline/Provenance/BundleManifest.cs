using System.Text.Json.Nodes;

namespace DtSmdrl.Pipeline.Provenance;

/// <summary>
/// The manifest.json of a model bundle: what the bundle holds and how it was made
/// (format version, kind, code commit, package versions, training-data hash, seed, options, metrics).
/// </summary>
public sealed record BundleManifest
{
    /// <summary>Bundle format written by this build; readers refuse newer formats.</summary>
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>What the bundle is, e.g. "supervised-baseline", "fusion", "meta-ppo".</summary>
    public required string Kind { get; init; }

    public string GitCommit { get; init; } = BuildInfo.GitCommit;

    public IReadOnlyDictionary<string, string> PackageVersions { get; init; } = BuildInfo.PackageVersions;

    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>SHA-256 of the training data the model was fitted on.</summary>
    public required string TrainingDataHash { get; init; }

    public required long Seed { get; init; }

    /// <summary>The options the model was trained with, as JSON.</summary>
    public JsonObject Options { get; init; } = new();

    /// <summary>Evaluation metrics recorded at training time, as JSON.</summary>
    public JsonObject Metrics { get; init; } = new();

    /// <summary>Names of the entries in the bundle besides manifest.json.</summary>
    public IReadOnlyList<string> Entries { get; init; } = [];
}
