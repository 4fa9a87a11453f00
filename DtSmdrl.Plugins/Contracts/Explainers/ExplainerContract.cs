namespace DtSmdrl.Plugins.Contracts.Explainers;

/// <summary>
/// Version of the explainer plugin contract (the interfaces and records in this folder).
/// The major number changes when a member is removed or its meaning changes; the minor number when
/// a member is added with a default that keeps old plugins working.
/// </summary>
public static class ExplainerContract
{
    /// <summary>Current contract version, "major.minor".</summary>
    public const string Version = "1.0";
}
