using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Baselines.Supervised;

/// <summary>
/// Featurised patients held in memory (one fixed-size vector each) with a binary label, as the trainers
/// see them: columns Label (Boolean) and Features (Vector&lt;Single, n&gt;). Holding the rows lets the sweep
/// build its stratified folds exactly, without re-running the preprocessing per fold.
/// </summary>
public sealed class FeatureTable
{
    public const string LabelColumn = "Label";
    public const string FeaturesColumn = "Features";
    public const string ProbabilityColumn = "Probability";

    private sealed class Row
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }

    public FeatureTable(IReadOnlyList<float[]> features, IReadOnlyList<bool> labels)
    {
        if (features.Count != labels.Count)
            throw new ArgumentException($"FeatureTable: {features.Count} feature rows but {labels.Count} labels.");
        if (features.Count == 0) throw new ArgumentException("FeatureTable: no rows.");
        Size = features[0].Length;
        for (var i = 0; i < features.Count; i++)
            if (features[i].Length != Size)
                throw new ArgumentException($"FeatureTable: row {i} has {features[i].Length} features, row 0 has {Size}.");
        Features = features;
        Labels = labels;
    }

    public IReadOnlyList<float[]> Features { get; }

    public IReadOnlyList<bool> Labels { get; }

    /// <summary>Features per row.</summary>
    public int Size { get; }

    public int Count => Labels.Count;

    /// <summary>The rows at <paramref name="indices"/> (all rows when null) as an IDataView.</summary>
    public IDataView ToDataView(MLContext ml, IReadOnlyList<int>? indices = null) =>
        ToDataView(ml, (indices ?? Enumerable.Range(0, Count).ToArray()).Select(i => (Features[i], Labels[i])), Size);

    /// <summary>Unlabelled feature rows (Label = false) as an IDataView with the trainers' schema.</summary>
    public static IDataView ToDataView(MLContext ml, IReadOnlyList<float[]> features, int size) =>
        ToDataView(ml, features.Select(f => (f, false)), size);

    private static IDataView ToDataView(MLContext ml, IEnumerable<(float[] Features, bool Label)> rows, int size)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return ml.Data.LoadFromEnumerable(rows.Select(r => new Row { Label = r.Label, Features = r.Features }).ToList(), schema);
    }

    /// <summary>The Probability column of a scored view, as doubles.</summary>
    public static double[] Probabilities(ITransformer model, IDataView rows) =>
        model.Transform(rows).GetColumn<float>(ProbabilityColumn).Select(p => (double)p).ToArray();

    /// <summary>
    /// Fold index per row: positives and negatives are shuffled separately (seeded) and dealt round-robin,
    /// so every fold gets its share of both classes.
    /// </summary>
    public int[] StratifiedFolds(int folds, int seed)
    {
        var rng = new Random(seed);
        var fold = new int[Count];
        foreach (var cls in new[] { true, false })
        {
            var members = Enumerable.Range(0, Count).Where(i => Labels[i] == cls).ToArray();
            rng.Shuffle(members);
            for (var k = 0; k < members.Length; k++) fold[members[k]] = k % folds;
        }
        return fold;
    }
}
