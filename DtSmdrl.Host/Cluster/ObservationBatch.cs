using System.Text.Json;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Records;

namespace DtSmdrl.Host.Cluster;

/// <summary>
/// Outcome observations sent to a patient's twin grain, with the source recorded in the store. They travel as the
/// store's own JSON (the Pipeline's records carry no Orleans serialization attributes: Pipeline knows nothing of Orleans).
/// </summary>
[GenerateSerializer, Alias("dtsmdrl.observation-batch")]
public sealed record ObservationBatch(string Source, string ObservationsJson)
{
    public static ObservationBatch Of(string source, IReadOnlyList<OutcomeObservation> observations) =>
        new(source, JsonSerializer.Serialize(observations, DtSmdrlJson.Options));

    public IReadOnlyList<OutcomeObservation> Read() =>
        JsonSerializer.Deserialize<List<OutcomeObservation>>(ObservationsJson, DtSmdrlJson.Options) ?? [];
}
