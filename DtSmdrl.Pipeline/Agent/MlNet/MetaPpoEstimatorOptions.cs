using DtSmdrl.Pipeline.Agent.Arms;

namespace DtSmdrl.Pipeline.Agent.MlNet;

/// <summary>
/// Settings of <see cref="MetaPpoEstimator"/>. Input columns default to those of <see cref="Data.PatientDataView"/>
/// followed by <c>ml.DtSmdrl().FeaturizePatient()</c>; the context column can be any float vector, e.g. the
/// fusion model's <c>PatientEmbedding</c>.
/// </summary>
public sealed record MetaPpoEstimatorOptions
{
    /// <summary>Text column with the patient id (seeds each patient's twin samples; never logged).</summary>
    public string PatientIdColumn { get; init; } = "PatientId";

    /// <summary>Float vector the policy sees as the patient representation (NaN not allowed: use featurised columns).</summary>
    public string ContextColumn { get; init; } = "Features";

    /// <summary>Raw clinical vector [age_years, ecog, ...] (NaN = missing) for the twin prior's covariates.</summary>
    public string ClinicalColumn { get; init; } = "Clinical";

    /// <summary>Raw mutation vector in Catalogs.SomaticGenes order (1, 0, NaN untested).</summary>
    public string MutationsColumn { get; init; } = "Mutations";

    /// <summary>Raw omics scalars [tmb, pdl1_tps, ...] (NaN = missing).</summary>
    public string OmicsScalarsColumn { get; init; } = "OmicsScalars";

    /// <summary>Raw target lesion diameters in mm, NaN-padded.</summary>
    public string LesionsColumn { get; init; } = "Lesions";

    /// <summary>
    /// Optional: the fusion model's <c>TwinLatentMean</c> column (Vector&lt;Single, 16&gt;). When set together with
    /// <see cref="TwinLatentSpreadColumn"/>, each patient's twins come from the fusion head's prior instead of the
    /// biomarker-conditioned one: <c>featurize -> ml.DtSmdrl().FuseModalities() -> ml.DtSmdrl().MetaPpo()</c>.
    /// </summary>
    public string? TwinLatentMeanColumn { get; init; }

    /// <summary>Optional: the fusion model's <c>TwinLatentSpread</c> column (see <see cref="TwinLatentMeanColumn"/>).</summary>
    public string? TwinLatentSpreadColumn { get; init; }

    /// <summary>The agent: meta-learning, PPO-Lagrangian with CVaR, adaptation budget K, shield, environment.</summary>
    public DtSmdrlArmOptions Agent { get; init; } = new();

    /// <summary>Seed of twin sampling, meta-training and adaptation.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(PatientIdColumn), PatientIdColumn), (nameof(ContextColumn), ContextColumn), (nameof(ClinicalColumn), ClinicalColumn),
                     (nameof(MutationsColumn), MutationsColumn), (nameof(OmicsScalarsColumn), OmicsScalarsColumn), (nameof(LesionsColumn), LesionsColumn),
                 })
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"MetaPpoEstimatorOptions.{name} must name a column.");
        }
        if ((TwinLatentMeanColumn is null) != (TwinLatentSpreadColumn is null))
            throw new ArgumentException("MetaPpoEstimatorOptions.TwinLatentMeanColumn and TwinLatentSpreadColumn must be set together.");
        Agent.Validate();
    }
}
