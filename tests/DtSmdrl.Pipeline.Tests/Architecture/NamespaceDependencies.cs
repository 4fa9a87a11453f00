using System.Reflection;

namespace DtSmdrl.Pipeline.Tests.Architecture;

/// <summary>
/// The dependencies between the Pipeline's top-level folders (namespaces <c>DtSmdrl.Pipeline.X</c>), found in the
/// compiled assembly (<see cref="TypeReferences"/>), with one example type pair per folder pair.
/// </summary>
internal static class NamespaceDependencies
{
    private const string Root = "DtSmdrl.Pipeline";

    /// <summary>The top-level folder of a Pipeline type ("" for the root namespace), or null for a type outside it.</summary>
    public static string? FolderOf(Type type)
    {
        var ns = (type.IsNested ? Outermost(type) : type).Namespace;
        if (ns is null || !(ns == Root || ns.StartsWith(Root + ".", StringComparison.Ordinal))) return null;
        return ns == Root ? "" : ns[(Root.Length + 1)..].Split('.')[0];
    }

    /// <summary>Every (from, to) folder pair with a reference, and one example "FromType -> ToType" each.</summary>
    public static SortedDictionary<(string From, string To), string> Of(Assembly pipeline)
    {
        var edges = new SortedDictionary<(string, string), string>();
        foreach (var type in pipeline.GetTypes().Where(t => !t.Name.Contains('<')))
        {
            var from = FolderOf(type);
            if (from is null) continue;
            foreach (var target in TypeReferences.Of(type))
            {
                var to = FolderOf(target);
                if (to is null || to == from) continue;
                edges.TryAdd((from, to), $"{type.FullName} -> {target.FullName}");
            }
        }
        return edges;
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }
}
