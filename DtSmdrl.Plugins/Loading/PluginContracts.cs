using System.Reflection;
using DtSmdrl.Plugins.Contracts;

namespace DtSmdrl.Plugins.Loading;

/// <summary>The contract interfaces: every interface of this assembly marked with <see cref="PluginContractAttribute"/>.</summary>
public static class PluginContracts
{
    private static readonly Lazy<IReadOnlyList<Type>> All = new(() => typeof(PluginContractAttribute).Assembly
        .GetExportedTypes()
        .Where(t => t.IsInterface && t.GetCustomAttribute<PluginContractAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToArray());

    /// <summary>Every contract interface, ordered by full name.</summary>
    public static IReadOnlyList<Type> Interfaces => All.Value;

    /// <summary>The contract attribute of an interface, or null when it is not a contract of this assembly.</summary>
    public static PluginContractAttribute? ContractOf(Type type) =>
        type.IsInterface && type.Assembly == typeof(PluginContractAttribute).Assembly
            ? type.GetCustomAttribute<PluginContractAttribute>()
            : null;

    /// <summary>The contract interfaces a type implements.</summary>
    public static IReadOnlyList<Type> ImplementedBy(Type type) =>
        type.GetInterfaces().Where(i => ContractOf(i) is not null).OrderBy(i => i.FullName, StringComparer.Ordinal).ToArray();
}
