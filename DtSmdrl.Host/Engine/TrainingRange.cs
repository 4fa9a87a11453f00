using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Records;

namespace DtSmdrl.Host.Engine;

/// <summary>
/// The smallest and largest value of every numeric input the model was trained on (clinical, labs, omics, imaging:
/// each field by its dotted path, list elements pooled), stored in the model's manifest under "training_range". A
/// record with an input beyond that range (by more than Engine:TrainingRangeMargin of the span) gets a refusal with
/// the reason instead of a plan extrapolated from data the model never saw. A model registered before the ranges
/// existed has none and is not checked.
/// </summary>
public sealed class TrainingRange
{
    public const string ManifestKey = "training_range";

    private static readonly string[] Modalities = ["clinical", "labs", "omics", "imaging"];

    private readonly SortedDictionary<string, (double Min, double Max)> fields;

    private TrainingRange(SortedDictionary<string, (double Min, double Max)> fields) => this.fields = fields;

    public IReadOnlyDictionary<string, (double Min, double Max)> Fields => fields;

    /// <summary>The range of the training records.</summary>
    public static TrainingRange Of(IEnumerable<PatientRecord> records)
    {
        var fields = new SortedDictionary<string, (double Min, double Max)>(StringComparer.Ordinal);
        foreach (var record in records)
            foreach (var (field, value) in Inputs(record))
                fields[field] = fields.TryGetValue(field, out var r) ? (Math.Min(r.Min, value), Math.Max(r.Max, value)) : (value, value);
        return new TrainingRange(fields);
    }

    /// <summary>The manifest with this range added.</summary>
    public string AddTo(string manifestJson)
    {
        var manifest = JsonNode.Parse(manifestJson) as JsonObject ?? new JsonObject { ["manifest"] = JsonNode.Parse(manifestJson) };
        var range = new JsonObject();
        foreach (var (field, (min, max)) in fields) range[field] = new JsonArray(min, max);
        manifest[ManifestKey] = range;
        return manifest.ToJsonString();
    }

    /// <summary>The range stored in a manifest, or null for a model registered without one.</summary>
    public static TrainingRange? FromManifest(string manifestJson)
    {
        if (JsonNode.Parse(manifestJson) is not JsonObject manifest || manifest[ManifestKey] is not JsonObject range) return null;
        var fields = new SortedDictionary<string, (double Min, double Max)>(StringComparer.Ordinal);
        foreach (var (field, bounds) in range)
            if (bounds is JsonArray { Count: 2 } pair)
                fields[field] = (pair[0]!.GetValue<double>(), pair[1]!.GetValue<double>());
        return new TrainingRange(fields);
    }

    /// <summary>Why a recommendation for <paramref name="record"/> is refused, or null when every input is in range.</summary>
    public string? Refusal(PatientRecord record, double margin)
    {
        var outside = new List<string>();
        foreach (var (field, value) in Inputs(record))
        {
            // A field no training record had was never an input the model learned from: nothing to extrapolate.
            if (!fields.TryGetValue(field, out var range)) continue;
            var slack = margin * (range.Max - range.Min);
            if (value < range.Min - slack || value > range.Max + slack)
                outside.Add(string.Create(CultureInfo.InvariantCulture, $"{field} (trained on {range.Min:G6} to {range.Max:G6})"));
        }
        return outside.Count == 0 ? null
            : $"refused: inputs outside the model's training range, so the plan would be a guess: {string.Join("; ", outside.Distinct())}";
    }

    // Numeric inputs by dotted path; list elements share their list's path (imaging.lesion_diameters_mm).
    private static IEnumerable<(string Field, double Value)> Inputs(PatientRecord record)
    {
        var root = JsonSerializer.SerializeToNode(record, DtSmdrlJson.Options)!.AsObject();
        foreach (var modality in Modalities)
            if (root[modality] is { } node)
                foreach (var input in Numbers(modality, node))
                    yield return input;
    }

    private static IEnumerable<(string, double)> Numbers(string path, JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                    if (child is not null)
                        foreach (var n in Numbers($"{path}.{key}", child)) yield return n;
                break;
            case JsonArray a:
                foreach (var child in a)
                    if (child is not null)
                        foreach (var n in Numbers(path, child)) yield return n;
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                yield return (path, v.GetValue<double>());
                break;
        }
    }
}
