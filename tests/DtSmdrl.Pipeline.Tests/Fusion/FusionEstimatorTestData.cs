using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Fusion;
using DtSmdrl.Pipeline.Fusion.MlNet;
using DtSmdrl.Pipeline.Tests.Preprocessing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Tests.Fusion;

/// <summary>Small featurised views with label columns for the estimator tests (real synthetic records, 16 true latents, 5 regimens).</summary>
internal static class FusionEstimatorTestData
{
    public const int Regimens = 5;

    public static FusionTransformerOptions TinyOptions(long seed = 3) => new()
    {
        Model = new FusionOptions { Seed = seed, Threads = 1, ModelDimension = 8, Layers = 1, Heads = 2, Epochs = 2, BatchSize = 32, EarlyStoppingPatience = 0 },
        McPasses = 2,
        McSeed = seed,
        InferenceBatchSize = 16,
    };

    public static IReadOnlyList<SyntheticPatient> Patients => TestRecords.Patients(48, 21);

    /// <summary>Targets from the truth: the true z; response under regimen (index mod 5) = immune responder; toxicity = ECOG >= 2.</summary>
    public static Dictionary<string, FusionTargets> Targets()
    {
        var result = new Dictionary<string, FusionTargets>();
        foreach (var p in Patients)
        {
            var response = Enumerable.Repeat(float.NaN, Regimens).ToArray();
            var toxicity = Enumerable.Repeat(float.NaN, Regimens).ToArray();
            response[p.Index % Regimens] = p.Truth.Responder ? 1 : 0;
            toxicity[p.Index % Regimens] = p.Truth.Covariates.Ecog >= 2 ? 1 : 0;
            result[p.Id] = new FusionTargets(p.Truth.LatentZ.Select(z => (float)z).ToArray(), response, toxicity);
        }
        return result;
    }

    /// <summary>The raw view with label columns.</summary>
    public static IDataView Raw(MLContext ml) =>
        FusionTargetColumns.Attach(ml, PatientDataView.Create(ml, Patients.Select(p => p.Observed).ToList()), Targets(), 16, Regimens);

    /// <summary>Featurised (no note) view with label columns, and the featuriser.</summary>
    public static (ITransformer Featurizer, IDataView Data) Featurised(MLContext ml)
    {
        var raw = Raw(ml);
        var featurizer = ml.DtSmdrl().FeaturizePatient(includeNote: false).Fit(raw);
        return (featurizer, ml.Data.Cache(featurizer.Transform(raw)));
    }

    public static SchemaShape ShapeOf(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public, [typeof(DataViewSchema)])!
            .Invoke(null, [schema])!;

    public static float[][] Column(IDataView data, string name) => data.GetColumn<float[]>(name).ToArray();

    /// <summary>Several vector columns in one cursor pass (each GetColumn would run the whole pipeline again).</summary>
    public static Dictionary<string, List<float[]>> Columns(IDataView data, IReadOnlyList<string> names)
    {
        var columns = names.Select(n => data.Schema[n]).ToArray();
        using var cursor = data.GetRowCursor(columns);
        var getters = columns.Select(c => cursor.GetGetter<VBuffer<float>>(c)).ToArray();
        var result = names.ToDictionary(n => n, _ => new List<float[]>());
        var buffer = default(VBuffer<float>);
        while (cursor.MoveNext())
            for (var c = 0; c < columns.Length; c++)
            {
                getters[c](ref buffer);
                result[names[c]].Add(buffer.DenseValues().ToArray());
            }
        return result;
    }
}
