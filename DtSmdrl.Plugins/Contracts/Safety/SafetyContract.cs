namespace DtSmdrl.Plugins.Contracts.Safety;

/// <summary>
/// Version of the safety plugin contract (the interfaces and records in this folder).
/// The major number changes when a member is removed or its meaning changes; the minor number when
/// a member is added with a default that keeps old plugins working.
/// </summary>
public static class SafetyContract
{
    /// <summary>Current contract version, "major.minor".</summary>
    public const string Version = "1.0";

    /// <summary>Index of the hold action (no new treatment) in every action set: the shield's fallback.</summary>
    public const int HoldAction = 0;
}
