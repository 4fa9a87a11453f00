using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Preprocessing;

/// <summary>How an input column must look.</summary>
public enum InputColumnKind
{
    /// <summary>Vector of Single with a known size.</summary>
    FixedVector,
    /// <summary>Vector of Single of any length (the wearable series).</summary>
    VariableVector,
    /// <summary>Scalar text.</summary>
    Text,
}

/// <summary>A required input column of a featuriser: name, kind and, for fixed vectors, size.</summary>
public sealed record InputColumn(string Name, InputColumnKind Kind, int Size = 0)
{
    /// <summary>The expected type as error messages show it.</summary>
    public string Expected => Kind switch
    {
        InputColumnKind.FixedVector => $"Vector<Single, {Size}>",
        InputColumnKind.VariableVector => "Vector<Single> (any length)",
        _ => "String",
    };

    /// <summary>Checks a column of an ML.NET schema shape (estimator time: sizes are not known there).</summary>
    public void Check(SchemaShape shape, string component)
    {
        var found = shape.Where(c => c.Name == Name).ToList();
        if (found.Count == 0)
            throw Mismatch(component, "the column is missing");
        var column = found[^1];
        var ok = Kind switch
        {
            InputColumnKind.FixedVector => column.Kind == SchemaShape.Column.VectorKind.Vector && column.ItemType == NumberDataViewType.Single && !column.IsKey,
            InputColumnKind.VariableVector => column.Kind != SchemaShape.Column.VectorKind.Scalar && column.ItemType == NumberDataViewType.Single && !column.IsKey,
            _ => column.Kind == SchemaShape.Column.VectorKind.Scalar && column.ItemType is TextDataViewType,
        };
        if (!ok) throw Mismatch(component, "found " + Describe(column));
    }

    /// <summary>Checks a column of a concrete schema (fit and transform time: sizes are known).</summary>
    public void Check(DataViewSchema schema, string component)
    {
        var column = schema.GetColumnOrNull(Name) ?? throw Mismatch(component, "the column is missing");
        var type = column.Type;
        var ok = Kind switch
        {
            InputColumnKind.FixedVector => type is VectorDataViewType { ItemType: NumberDataViewType n, Size: var s } && n == NumberDataViewType.Single && s == Size,
            InputColumnKind.VariableVector => type is VectorDataViewType { ItemType: NumberDataViewType n2 } && n2 == NumberDataViewType.Single,
            _ => type is TextDataViewType,
        };
        if (!ok) throw Mismatch(component, "found " + Describe(type));
    }

    private ArgumentOutOfRangeException Mismatch(string component, string found) =>
        new("inputSchema", $"{component}: input column '{Name}': expected {Expected}, {found}.");

    private static string Describe(SchemaShape.Column column) => column.Kind switch
    {
        SchemaShape.Column.VectorKind.Scalar => TypeName(column.ItemType, column.IsKey),
        SchemaShape.Column.VectorKind.Vector => $"Vector<{TypeName(column.ItemType, column.IsKey)}>",
        _ => $"Vector<{TypeName(column.ItemType, column.IsKey)}> (any length)",
    };

    private static string Describe(DataViewType type) => type switch
    {
        VectorDataViewType { IsKnownSize: true } v => $"Vector<{TypeName(v.ItemType, false)}, {v.Size}>",
        VectorDataViewType v => $"Vector<{TypeName(v.ItemType, false)}> (any length)",
        _ => TypeName(type, false),
    };

    private static string TypeName(DataViewType type, bool isKey) =>
        isKey ? "Key" : type is TextDataViewType ? "String" : type.RawType.Name;
}

/// <summary>The input columns of the patient view (<see cref="Data.PatientFeatureRow"/>) that the featurisers read.</summary>
public static class PatientInputColumns
{
    public static InputColumn Clinical { get; } = new("Clinical", InputColumnKind.FixedVector, Data.PatientFeatureRow.ClinicalSize);
    public static InputColumn Sex { get; } = new("Sex", InputColumnKind.Text);
    public static InputColumn TumourType { get; } = new("TumourType", InputColumnKind.Text);
    public static InputColumn Stage { get; } = new("Stage", InputColumnKind.Text);
    public static InputColumn Labs { get; } = new("Labs", InputColumnKind.FixedVector, Data.PatientFeatureRow.LabsSize);
    public static InputColumn Mutations { get; } = new("Mutations", InputColumnKind.FixedVector, 11);
    public static InputColumn OmicsScalars { get; } = new("OmicsScalars", InputColumnKind.FixedVector, Data.PatientFeatureRow.OmicsScalarSize);
    public static InputColumn Expression { get; } = new("Expression", InputColumnKind.FixedVector, 10);
    public static InputColumn Lesions { get; } = new("Lesions", InputColumnKind.FixedVector, Data.PatientFeatureRow.LesionSlots);
    public static InputColumn Radiomics { get; } = new("Radiomics", InputColumnKind.FixedVector, 6);
    public static InputColumn SignalHours { get; } = new("SignalHours", InputColumnKind.VariableVector);
    public static InputColumn HeartRate { get; } = new("HeartRate", InputColumnKind.VariableVector);
    public static InputColumn Steps { get; } = new("Steps", InputColumnKind.VariableVector);
    public static InputColumn SleepHours { get; } = new("SleepHours", InputColumnKind.VariableVector);
    public static InputColumn Spo2 { get; } = new("Spo2", InputColumnKind.VariableVector);
    public static InputColumn History { get; } = new("History", InputColumnKind.FixedVector, Data.PatientFeatureRow.HistorySize);
    public static InputColumn Note { get; } = new("Note", InputColumnKind.Text);
    public static InputColumn ModalityPresent { get; } = new("ModalityPresent", InputColumnKind.FixedVector, 7);

    /// <summary>Checks every column in <paramref name="required"/>; the first mismatch throws naming the column.</summary>
    public static void Check(DataViewSchema schema, IEnumerable<InputColumn> required, string component)
    {
        ArgumentNullException.ThrowIfNull(schema);
        foreach (var column in required) column.Check(schema, component);
    }
}
