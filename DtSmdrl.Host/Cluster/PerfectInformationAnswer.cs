using System.Text.Json;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Study.Truth;

namespace DtSmdrl.Host.Cluster;

/// <summary>A worker grain's answer: the planner's result as the Pipeline's JSON (doubles round-trip exactly).</summary>
[GenerateSerializer, Alias("dtsmdrl.perfect-information-answer")]
public sealed record PerfectInformationAnswer(string ResultJson)
{
    public static PerfectInformationAnswer Of(PerfectInformationResult result) => new(JsonSerializer.Serialize(result, DtSmdrlJson.Internal));

    public PerfectInformationResult Read() => JsonSerializer.Deserialize<PerfectInformationResult>(ResultJson, DtSmdrlJson.Internal)
        ?? throw new InvalidOperationException("Empty perfect-information answer.");
}
