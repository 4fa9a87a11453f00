using System.Reflection;
using Microsoft.ML;

namespace DtSmdrl.Pipeline.Preprocessing;

/// <summary>
/// <see cref="SchemaShape"/> from a <see cref="DataViewSchema"/>. Estimators written outside ML.NET need this to
/// describe the columns they add (SchemaShape.Column has no public constructor); ML.NET's own SchemaShape.Create is
/// internal, so it is looked up once by reflection for the pinned Microsoft.ML version.
/// </summary>
public static class SchemaShapes
{
    private static readonly MethodInfo Create =
        typeof(SchemaShape).GetMethod("Create", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public, [typeof(DataViewSchema)])
        ?? throw new MissingMethodException("Microsoft.ML's SchemaShape.Create(DataViewSchema) was not found; check the Microsoft.ML version.");

    /// <summary>The shape of <paramref name="schema"/>.</summary>
    public static SchemaShape Of(DataViewSchema schema) => (SchemaShape)Create.Invoke(null, [schema])!;
}
