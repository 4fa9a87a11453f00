using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Fusion.MlNet;

/// <summary>One patient's training targets: L latents, R response and R toxicity values (NaN = unknown or unobserved).</summary>
public sealed record FusionTargets(float[] Latents, float[] Response, float[] Toxicity);

/// <summary>
/// Adds the label columns LatentTargets, ResponseTargets, ToxicityTargets to a view by looking each row's PatientId up in a
/// dictionary (an ML.NET CustomMapping; labels are needed for training only, so this mapping is never saved).
/// </summary>
public static class FusionTargetColumns
{
    /// <summary>The view with the three label columns added; a patient without targets is an error naming it.</summary>
    public static IDataView Attach(MLContext ml, IDataView data, IReadOnlyDictionary<string, FusionTargets> targets, int latentCount, int regimenCount)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(targets);
        if (latentCount < 1 || regimenCount < 1)
            throw new ArgumentException($"Label columns need at least one latent and one regimen (got {latentCount} and {regimenCount}).");
        if (data.Schema.GetColumnOrNull("PatientId") is not { Type: TextDataViewType })
            throw new ArgumentOutOfRangeException(nameof(data), "FusionTargetColumns.Attach: input column 'PatientId': expected String, the column is missing or not text.");
        var output = SchemaDefinition.Create(typeof(TargetRow));
        output[FusionColumns.LatentTargets].ColumnType = new VectorDataViewType(NumberDataViewType.Single, latentCount);
        output[FusionColumns.ResponseTargets].ColumnType = new VectorDataViewType(NumberDataViewType.Single, regimenCount);
        output[FusionColumns.ToxicityTargets].ColumnType = new VectorDataViewType(NumberDataViewType.Single, regimenCount);
        void Map(IdRow source, TargetRow destination)
        {
            if (!targets.TryGetValue(source.PatientId, out var t))
                throw new KeyNotFoundException($"FusionTargetColumns.Attach: patient '{source.PatientId}' has no targets.");
            Check(t.Latents, latentCount, source.PatientId, nameof(FusionTargets.Latents));
            Check(t.Response, regimenCount, source.PatientId, nameof(FusionTargets.Response));
            Check(t.Toxicity, regimenCount, source.PatientId, nameof(FusionTargets.Toxicity));
            destination.LatentTargets = t.Latents;
            destination.ResponseTargets = t.Response;
            destination.ToxicityTargets = t.Toxicity;
        }
        return ml.Transforms.CustomMapping<IdRow, TargetRow>(Map, contractName: null, outputSchemaDefinition: output).Fit(data).Transform(data);
    }

    private static void Check(float[]? values, int expected, string patient, string field)
    {
        if (values is null || values.Length != expected)
            throw new ArgumentException($"FusionTargetColumns.Attach: patient '{patient}' field {field}: expected {expected} values, got {values?.Length.ToString() ?? "null"}.");
    }

    /// <summary>Input of the mapping.</summary>
    public sealed class IdRow
    {
        public string PatientId { get; set; } = "";
    }

    /// <summary>Output of the mapping (sizes set by the schema definition).</summary>
    public sealed class TargetRow
    {
        public float[] LatentTargets { get; set; } = [];
        public float[] ResponseTargets { get; set; } = [];
        public float[] ToxicityTargets { get; set; } = [];
    }
}
