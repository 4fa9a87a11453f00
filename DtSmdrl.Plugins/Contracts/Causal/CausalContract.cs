namespace DtSmdrl.Plugins.Contracts.Causal;

/// <summary>
/// Version of the causal plugin contract (the interfaces and records in this folder).
/// The major number changes when a member is removed or its meaning changes; the minor number when
/// a member is added with a default that keeps old plugins working.
/// </summary>
/// <remarks>
/// 1.1: added <see cref="ISurvivalEffectEstimator"/> (time-to-event data, <see cref="SurvivalEffectEstimate"/>)
/// and effect modification (<see cref="EffectModificationReport"/>); the `causal estimate` JSON gained the
/// blocks `encoding`, `rejected`, `survival` and `effectModification`. Nothing was removed or changed in meaning.
/// </remarks>
public static class CausalContract
{
    /// <summary>Current contract version, "major.minor".</summary>
    public const string Version = "1.1";
}
