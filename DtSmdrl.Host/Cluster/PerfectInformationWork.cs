using System.Text.Json;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Study.Truth;

namespace DtSmdrl.Host.Cluster;

/// <summary>
/// One patient's perfect-information search sent to a worker grain: the search settings and the patient's truth as the
/// Pipeline's own JSON (the Pipeline's records carry no Orleans attributes). System.Text.Json writes every double as
/// its shortest round-trip form, so the worker solves exactly the patient the study holds; <see cref="Of"/> checks that.
/// </summary>
[GenerateSerializer, Alias("dtsmdrl.perfect-information-work")]
public sealed record PerfectInformationWork(string SettingsJson, string TruthJson)
{
    /// <summary>The settings as JSON, once per study (every patient's call carries the same text).</summary>
    public static string WriteSettings(PerfectInformationSettings settings) => RoundTripped(settings, nameof(PerfectInformationSettings));

    public static PerfectInformationWork Of(string settingsJson, EvaluationTruth truth) =>
        new(settingsJson, RoundTripped(truth, nameof(EvaluationTruth)));

    public PerfectInformationSettings ReadSettings() => Read<PerfectInformationSettings>(SettingsJson);

    public EvaluationTruth ReadTruth() => Read<EvaluationTruth>(TruthJson);

    // A type whose JSON loses something (a member the serializer skips) would make the cluster solve another problem:
    // refuse it here rather than let metrics.csv differ.
    private static string RoundTripped<T>(T value, string what)
    {
        var json = JsonSerializer.Serialize(value, DtSmdrlJson.Internal);
        if (JsonSerializer.Serialize(Read<T>(json), DtSmdrlJson.Internal) != json)
            throw new InvalidOperationException($"The {what} does not survive its JSON round trip; the cluster cannot solve it exactly.");
        return json;
    }

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, DtSmdrlJson.Internal)
        ?? throw new InvalidOperationException($"Empty {typeof(T).Name} in a perfect-information call.");
}
