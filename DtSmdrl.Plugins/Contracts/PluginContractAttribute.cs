namespace DtSmdrl.Plugins.Contracts;

/// <summary>
/// Marks an interface as a plugin contract. Plugin discovery registers every public, non-abstract type
/// with a public parameterless constructor that implements a marked interface, under the type's
/// <c>Name</c> property and the contract's <see cref="Kind"/>.
/// </summary>
/// <param name="kind">Plugin kind: "safety", "causal" or "explainer".</param>
/// <param name="version">Contract version (semantic: a plugin built against another major version is refused).</param>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class PluginContractAttribute(string kind, string version) : Attribute
{
    /// <summary>Plugin kind: "safety", "causal" or "explainer".</summary>
    public string Kind { get; } = kind;

    /// <summary>Contract version, e.g. "1.0".</summary>
    public string Version { get; } = version;
}
