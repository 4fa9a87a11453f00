namespace DtSmdrl.Host.Cluster;

/// <summary>
/// What one update-twins step on the cluster did: the posterior version written (null: one conditioned on the same
/// observations was already stored, or the patient has none), the observations its history could not use, and the
/// patient's latest posterior version and the observation ids it was built from, after the step.
/// </summary>
[GenerateSerializer, Alias("dtsmdrl.twin-update-result")]
public sealed record TwinUpdateResult(int? Written, int Skipped, int? LatestVersion, long[] ObservationIds);
