using DtSmdrl.Pipeline.Data.Records;

namespace DtSmdrl.Pipeline.Data.Loading;

/// <summary>
/// The wide CSV layout: one row per patient, one column per field, named
/// "modality.field" (see data-schemas/README.md). Repeated structures use indexed or keyed columns
/// (imaging.lesion_1_mm, omics.mut.EGFR, omics.expr.CD274, imaging.radiomics.sphericity); the
/// wearable series and the treatment history are compact cells ("a|b|c;a|b|c"). An empty cell is a
/// missing value; a modality whose columns are all empty is a missing modality.
/// </summary>
public static class PatientCsvLayout
{
    public const string PatientId = "patient_id";
    public const string Note = "note";
    public const string SignalSamples = "signals.samples";
    public const string HistoryCourses = "history.courses";
    public const int MaxLesions = 5;

    /// <summary>The history cell of a patient known to have had no systemic treatment (an empty cell means unknown).</summary>
    public const string NoCourses = "none";

    /// <summary>Numeric or text fields of the clinical modality (JSON property names).</summary>
    public static IReadOnlyList<string> Clinical { get; } = ["age_years", "sex", "ecog", "tumour_type", "stage", "prior_lines", "smoking_pack_years"];

    /// <summary>Fields of the lab panel.</summary>
    public static IReadOnlyList<string> Labs { get; } =
    [
        "collected_at", "anc_10e9_per_l", "hemoglobin_g_per_dl", "platelets_10e9_per_l", "creatinine_mg_per_dl",
        "egfr_ml_per_min", "alt_u_per_l", "ast_u_per_l", "bilirubin_mg_per_dl", "ldh_u_per_l", "albumin_g_per_dl",
    ];

    /// <summary>Scalar omics fields.</summary>
    public static IReadOnlyList<string> OmicsScalars { get; } = ["collected_at", "dpyd_activity_score", "ugt1a1_poor_metaboliser", "tmb_mut_per_mb", "pdl1_tps_pct"];

    /// <summary>The full header, in order.</summary>
    public static IReadOnlyList<string> Header { get; } = BuildHeader();

    private static List<string> BuildHeader()
    {
        var header = new List<string> { PatientId };
        header.AddRange(Clinical.Select(f => "clinical." + f));
        header.AddRange(Labs.Select(f => "labs." + f));
        header.AddRange(OmicsScalars.Select(f => "omics." + f));
        header.AddRange(Catalogs.SomaticGenes.Select(g => "omics.mut." + g));
        header.AddRange(Catalogs.ExpressionGenes.Select(g => "omics.expr." + g));
        header.Add("imaging.acquired_at");
        header.AddRange(Enumerable.Range(1, MaxLesions).Select(i => $"imaging.lesion_{i}_mm"));
        header.AddRange(Catalogs.RadiomicsFeatures.Select(r => "imaging.radiomics." + r));
        header.Add(SignalSamples);
        header.Add(HistoryCourses);
        header.Add(Note);
        return header;
    }

    /// <summary>The modality a column belongs to ("" for patient_id).</summary>
    public static string ModalityOf(string column) => column == PatientId ? "" : column.Split('.')[0];
}
