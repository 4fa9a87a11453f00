using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Fusion.MlNet;

/// <summary>
/// Input checks of the fusion estimator and transformer, and the reading of <see cref="FusionExample"/>s from a view.
/// Every error names the component, the column, the expected type and what was found.
/// </summary>
internal static class FusionSchema
{
    public const string Component = "DtSmdrl.FuseModalities";

    /// <summary>Estimator-time check (sizes unknown): every modality column and the mask are vectors of Single.</summary>
    public static void CheckFeatures(SchemaShape shape, FusionTransformerOptions options)
    {
        foreach (var modality in options.Modalities)
            CheckVector(shape, modality.Column, "feature");
        CheckVector(shape, options.ModalityMaskColumn, "modality mask");
    }

    /// <summary>Estimator-time check of the label columns (Fit needs them).</summary>
    public static void CheckLabels(SchemaShape shape, FusionTransformerOptions options)
    {
        foreach (var label in LabelColumns(options))
            CheckVector(shape, label, "label");
    }

    /// <summary>Fit- and transform-time check: known sizes, mask wide enough; returns the token count of each modality.</summary>
    public static int[] CheckFeatures(DataViewSchema schema, FusionTransformerOptions options)
    {
        var sizes = options.Modalities.Select(m => m.TokenCount(KnownSize(schema, m.Column, "feature"))).ToArray();
        var maskSize = KnownSize(schema, options.ModalityMaskColumn, "modality mask");
        foreach (var m in options.Modalities)
            if (m.MaskSlot >= maskSize)
                throw new ArgumentOutOfRangeException("inputSchema",
                    $"{Component}: modality '{m.Column}' reads slot {m.MaskSlot} of mask column '{options.ModalityMaskColumn}', which has only {maskSize} slots.");
        return sizes;
    }

    /// <summary>Fit-time check of the label columns; returns (L, R).</summary>
    public static (int Latents, int Regimens) CheckLabels(DataViewSchema schema, FusionTransformerOptions options)
    {
        var latents = options.LatentTargetColumn is { } l ? KnownSize(schema, l, "latent label") : 0;
        if (options.ResponseTargetColumn is not { } r || options.ToxicityTargetColumn is not { } t)
            return (latents, 0);
        var regimens = KnownSize(schema, r, "response label");
        var toxicity = KnownSize(schema, t, "toxicity label");
        if (toxicity != regimens)
            throw new ArgumentOutOfRangeException("inputSchema",
                $"{Component}: label column '{t}' has {toxicity} slots but response label column '{r}' has {regimens}; both need one slot per regimen.");
        return (latents, regimens);
    }

    /// <summary>Reads every row of <paramref name="data"/> as a fusion example (targets empty when <paramref name="withLabels"/> is false).</summary>
    public static List<FusionExample> ReadExamples(IDataView data, FusionTransformerOptions options, bool withLabels, string setName)
    {
        var labels = withLabels ? LabelColumns(options).ToArray() : [];
        var columns = options.Modalities.Select(m => data.Schema[m.Column]).Append(data.Schema[options.ModalityMaskColumn])
            .Concat(labels.Select(l => data.Schema[l])).ToArray();
        using var cursor = data.GetRowCursor(columns);
        var reader = new RowReader(cursor, options, labels);
        var examples = new List<FusionExample>();
        while (cursor.MoveNext())
            examples.Add(reader.Read(cursor.Position, setName));
        return examples;
    }

    private static IEnumerable<string> LabelColumns(FusionTransformerOptions options)
    {
        if (options.LatentTargetColumn is { } l) yield return l;
        if (options.ResponseTargetColumn is { } r) yield return r;
        if (options.ToxicityTargetColumn is { } t) yield return t;
    }

    private static void CheckVector(SchemaShape shape, string name, string role)
    {
        var found = shape.Where(c => c.Name == name).ToList();
        if (found.Count == 0)
            throw new ArgumentOutOfRangeException("inputSchema", $"{Component}: {role} column '{name}' is missing; expected Vector<Single>.");
        var column = found[^1];
        if (column.Kind == SchemaShape.Column.VectorKind.Scalar || column.ItemType != NumberDataViewType.Single || column.IsKey)
            throw new ArgumentOutOfRangeException("inputSchema",
                $"{Component}: {role} column '{name}': expected Vector<Single>, found {(column.Kind == SchemaShape.Column.VectorKind.Scalar ? "" : "Vector<")}{(column.IsKey ? "Key" : column.ItemType.RawType.Name)}{(column.Kind == SchemaShape.Column.VectorKind.Scalar ? "" : ">")}.");
    }

    private static int KnownSize(DataViewSchema schema, string name, string role)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException("inputSchema", $"{Component}: {role} column '{name}' is missing; expected Vector<Single> of known size.");
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType item } vector || item != NumberDataViewType.Single || !vector.IsKnownSize)
            throw new ArgumentOutOfRangeException("inputSchema",
                $"{Component}: {role} column '{name}': expected Vector<Single> of known size, found {Describe(column.Type)}.");
        return vector.Size;
    }

    private static string Describe(DataViewType type) => type switch
    {
        VectorDataViewType { IsKnownSize: true } v => $"Vector<{v.ItemType.RawType.Name}, {v.Size}>",
        VectorDataViewType v => $"Vector<{v.ItemType.RawType.Name}> (any length)",
        KeyDataViewType => "Key",
        _ => type.RawType.Name,
    };

    /// <summary>Reads one row's feature vectors, mask and (optionally) labels from a cursor.</summary>
    internal sealed class RowReader
    {
        private readonly FusionTransformerOptions _options;
        private readonly ValueGetter<VBuffer<float>>[] _features;
        private readonly ValueGetter<VBuffer<float>> _mask;
        private readonly ValueGetter<VBuffer<float>>[] _labels;
        private readonly string[] _labelNames;
        private VBuffer<float> _buffer;

        public RowReader(DataViewRow row, FusionTransformerOptions options, string[] labelColumns)
        {
            _options = options;
            _features = options.Modalities.Select(m => row.GetGetter<VBuffer<float>>(row.Schema[m.Column])).ToArray();
            _mask = row.GetGetter<VBuffer<float>>(row.Schema[options.ModalityMaskColumn]);
            _labelNames = labelColumns;
            _labels = labelColumns.Select(l => row.GetGetter<VBuffer<float>>(row.Schema[l])).ToArray();
        }

        public FusionExample Read(long position, string setName)
        {
            var modalities = new float[_features.Length][];
            for (var m = 0; m < _features.Length; m++)
                modalities[m] = _options.Modalities[m].Tokens(Dense(_features[m]));
            var mask = Dense(_mask);
            var present = new bool[_features.Length];
            for (var m = 0; m < present.Length; m++)
            {
                var flag = mask[_options.Modalities[m].MaskSlot];
                if (float.IsNaN(flag))
                    throw new InvalidDataException($"{Component}: {setName} row {position}, column '{_options.ModalityMaskColumn}' slot {_options.Modalities[m].MaskSlot} is NaN; expected 1 (present) or 0 (absent).");
                present[m] = flag > 0.5f;
            }
            float[] Label(string? name) => name is null ? [] : Dense(_labels[Array.IndexOf(_labelNames, name)]);
            var hasLabels = _labelNames.Length > 0;
            return new FusionExample(modalities, present,
                hasLabels ? Label(_options.LatentTargetColumn) : [],
                hasLabels ? Label(_options.ResponseTargetColumn) : [],
                hasLabels ? Label(_options.ToxicityTargetColumn) : []);
        }

        private float[] Dense(ValueGetter<VBuffer<float>> getter)
        {
            getter(ref _buffer);
            var values = new float[_buffer.Length];
            _buffer.CopyTo(values);
            return values;
        }
    }
}
