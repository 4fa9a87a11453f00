using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Twin.Prior;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Agent.MlNet;

/// <summary>Checks the input schema of the meta-PPO estimator and reads its rows.</summary>
public static class PatientRowReader
{
    private static readonly int EgfrSlot = IndexOfEgfr();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first missing or mistyped input column.</summary>
    public static void CheckSchema(DataViewSchema schema, MetaPpoEstimatorOptions options)
    {
        Require(schema, options.PatientIdColumn, t => t is TextDataViewType, "Text");
        Require(schema, options.ContextColumn, t => t is VectorDataViewType { ItemType: NumberDataViewType n, IsKnownSize: true } && n == NumberDataViewType.Single, "known-size Vector<Single>");
        Require(schema, options.ClinicalColumn, t => IsFloatVector(t, 2), "Vector<Single> with >= 2 slots (age_years, ecog)");
        Require(schema, options.MutationsColumn, t => IsFloatVector(t, EgfrSlot + 1), $"Vector<Single> with >= {EgfrSlot + 1} slots (Catalogs.SomaticGenes order)");
        Require(schema, options.OmicsScalarsColumn, t => IsFloatVector(t, 2), "Vector<Single> with >= 2 slots (tmb, pdl1_tps)");
        Require(schema, options.LesionsColumn, t => IsFloatVector(t, 1), "Vector<Single> (lesion diameters, NaN-padded)");
        if (options.TwinLatentMeanColumn is { } mean && options.TwinLatentSpreadColumn is { } spread)
        {
            var latent = $"Vector<Single, {TwinPrior.LatentDimension}> (the fusion model's twin-latent head)";
            Require(schema, mean, t => IsFloatVector(t, TwinPrior.LatentDimension), latent);
            Require(schema, spread, t => IsFloatVector(t, TwinPrior.LatentDimension), latent);
        }
    }

    /// <summary>Reads every row in order; NaN covariates become null (missing).</summary>
    public static List<PatientRow> Read(IDataView data, MetaPpoEstimatorOptions options)
    {
        CheckSchema(data.Schema, options);
        var s = data.Schema;
        var columns = new[] { options.PatientIdColumn, options.ContextColumn, options.ClinicalColumn, options.MutationsColumn, options.OmicsScalarsColumn, options.LesionsColumn }
            .Select(name => s[name]).ToArray();
        var rows = new List<PatientRow>();
        DataViewSchema.Column[] latentColumns = options.TwinLatentMeanColumn is { } m && options.TwinLatentSpreadColumn is { } sp ? [s[m], s[sp]] : [];
        using var cursor = data.GetRowCursor(columns.Concat(latentColumns));
        var latentMean = latentColumns.Length == 2 ? cursor.GetGetter<VBuffer<float>>(latentColumns[0]) : null;
        var latentSpread = latentColumns.Length == 2 ? cursor.GetGetter<VBuffer<float>>(latentColumns[1]) : null;
        var id = cursor.GetGetter<ReadOnlyMemory<char>>(columns[0]);
        var context = cursor.GetGetter<VBuffer<float>>(columns[1]);
        var clinical = cursor.GetGetter<VBuffer<float>>(columns[2]);
        var mutations = cursor.GetGetter<VBuffer<float>>(columns[3]);
        var omics = cursor.GetGetter<VBuffer<float>>(columns[4]);
        var lesions = cursor.GetGetter<VBuffer<float>>(columns[5]);
        ReadOnlyMemory<char> idValue = default;
        VBuffer<float> buffer = default;
        while (cursor.MoveNext())
        {
            id(ref idValue);
            var patient = idValue.ToString();
            context(ref buffer);
            var contextValues = buffer.DenseValues().ToArray();
            var bad = Array.FindIndex(contextValues, v => !float.IsFinite(v));
            if (bad >= 0)
                throw new InvalidDataException($"Row {cursor.Position}, column {options.ContextColumn}, slot {bad}: value {contextValues[bad]} is not finite; the policy needs featurised (imputed) inputs.");
            clinical(ref buffer);
            var c = buffer.DenseValues().ToArray();
            mutations(ref buffer);
            var egfr = buffer.DenseValues().ElementAt(EgfrSlot);
            omics(ref buffer);
            var o = buffer.DenseValues().ToArray();
            lesions(ref buffer);
            var lesionValues = buffer.DenseValues().Where(float.IsFinite).Select(v => (double)v).ToList();
            (float[] Mean, float[] Spread)? fusionLatent = null;
            if (latentMean is not null && latentSpread is not null)
            {
                latentMean(ref buffer);
                var mean = buffer.DenseValues().ToArray();
                latentSpread(ref buffer);
                fusionLatent = (mean, buffer.DenseValues().ToArray());
            }
            rows.Add(new PatientRow(patient, contextValues,
                float.IsNaN(egfr) ? null : egfr > 0.5f,
                Value(o[1]), Value(o[0]), Value(c[0]),
                float.IsNaN(c[1]) ? null : (int)Math.Round(c[1]),
                lesionValues)
            { FusionLatent = fusionLatent });
        }
        return rows;
    }

    private static double? Value(float v) => float.IsNaN(v) ? null : v;

    private static bool IsFloatVector(DataViewType type, int minSlots) =>
        type is VectorDataViewType { ItemType: NumberDataViewType n } v && n == NumberDataViewType.Single && (!v.IsKnownSize || v.Size >= minSlots);

    private static void Require(DataViewSchema schema, string name, Func<DataViewType, bool> ok, string expected)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"Input column '{name}' is missing; expected {expected}.");
        if (!ok(column.Type))
            throw new ArgumentException($"Input column '{name}' has type {column.Type}; expected {expected}.");
    }

    private static int IndexOfEgfr()
    {
        for (var g = 0; g < Catalogs.SomaticGenes.Count; g++)
            if (Catalogs.SomaticGenes[g] == "EGFR") return g;
        throw new InvalidOperationException("Catalogs.SomaticGenes has no EGFR.");
    }
}
