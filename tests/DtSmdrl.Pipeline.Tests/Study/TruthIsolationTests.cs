using System.Reflection;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Study.Truth;
using DtSmdrl.Pipeline.Twin.Models;
using CohortTruth = DtSmdrl.Pipeline.Cohort.PatientTruth;

namespace DtSmdrl.Pipeline.Tests.Study;

/// <summary>
/// metrics.md: "Methods never see these latents, and the type that methods receive must not carry them". Walks every
/// type reachable from what <see cref="ITreatmentMethod.Fit"/> and <see cref="ITreatmentMethod.Prepare"/> receive.
/// </summary>
[TestClass]
public sealed class TruthIsolationTests
{
    private static readonly Type[] Forbidden = [typeof(NsclcParameters), typeof(CohortTruth), typeof(EvaluationTruth), typeof(PerfectInformationResult)];

    [TestMethod]
    public void NothingMethodsReceiveCarriesATrueTwinATruthRecordOrADiceSeed()
    {
        // What the interface hands a method: its parameters, transitively.
        var roots = typeof(ITreatmentMethod).GetMethods().SelectMany(m => m.GetParameters()).SelectMany(p => Unwrap(p.ParameterType))
            .Where(Walkable).Distinct().ToList();
        CollectionAssert.IsSubsetOf(new[] { typeof(StudyData), typeof(StudyPatient) }, roots);
        var findings = Reachable(roots);
        Assert.IsEmpty(findings, string.Join("\n", findings));
    }

    [TestMethod]
    public void TheWalkFindsTheTruthWhereItIs()
    {
        // The same walk on the evaluation's own type must find both the twin and the dice seed, or the test above proves nothing.
        var findings = Reachable([typeof(EvaluationTruth)]);
        Assert.IsTrue(findings.Any(f => f.Contains(nameof(NsclcParameters), StringComparison.Ordinal)), string.Join("\n", findings));
        Assert.IsTrue(findings.Any(f => f.Contains(nameof(EvaluationTruth.DiceSeed), StringComparison.Ordinal)), string.Join("\n", findings));
        Assert.IsNotEmpty(Reachable([typeof(Holder)]), "a truth record nested in a list was not found");
    }

    private sealed record Holder(IReadOnlyDictionary<string, IReadOnlyList<CohortTruth>> Nested);

    // Every forbidden type or seed-named member reachable over public properties, fields and constructor parameters.
    private static List<string> Reachable(IEnumerable<Type> roots)
    {
        var findings = new List<string>();
        var seen = new HashSet<Type>();
        var queue = new Queue<(Type Type, string Path)>(roots.Select(t => (t, t.Name)));
        while (queue.Count > 0)
        {
            var (type, path) = queue.Dequeue();
            foreach (var inner in Unwrap(type))
            {
                if (Forbidden.Contains(inner)) findings.Add($"{path}: {inner.Name}");
                if (!seen.Add(inner) || !Walkable(inner)) continue;
                foreach (var (name, memberType) in Members(inner))
                {
                    if (name.Contains("seed", StringComparison.OrdinalIgnoreCase)) findings.Add($"{path}.{name}: a seed");
                    queue.Enqueue((memberType, $"{path}.{name}"));
                }
            }
        }
        return findings;
    }

    private static IEnumerable<(string Name, Type Type)> Members(Type type)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance;
        foreach (var p in type.GetProperties(flags).Where(p => p.GetIndexParameters().Length == 0)) yield return (p.Name, p.PropertyType);
        foreach (var f in type.GetFields(flags)) yield return (f.Name, f.FieldType);
        foreach (var c in type.GetConstructors(flags))
            foreach (var p in c.GetParameters()) yield return (p.Name ?? "?", p.ParameterType);
    }

    // The type itself and, for arrays, nullables and generic collections, their element types (recursively).
    private static IEnumerable<Type> Unwrap(Type type)
    {
        yield return type;
        var inner = type.IsArray ? [type.GetElementType()!] : type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes;
        foreach (var t in inner)
            foreach (var u in Unwrap(t))
                yield return u;
    }

    private static bool Walkable(Type type) =>
        !type.IsPrimitive && !type.IsEnum && type != typeof(string) && type.Namespace?.StartsWith("DtSmdrl", StringComparison.Ordinal) == true;
}
