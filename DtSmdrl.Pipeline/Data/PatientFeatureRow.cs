using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Data;

/// <summary>
/// The flat ML.NET view of a <see cref="Records.PatientRecord"/> (see <see cref="PatientDataView"/>):
/// numbers as float with NaN for a missing value, fixed-size vectors in catalog order, the wearable
/// series as variable-length vectors, categoricals and the note as text, and one presence flag per
/// modality. Column names and vector slots are documented in data-schemas/README.md.
/// </summary>
public sealed class PatientFeatureRow
{
    public const int ClinicalSize = 4;
    public const int LabsSize = 10;
    public const int OmicsScalarSize = 4;
    public const int LesionSlots = 5;
    public const int HistorySize = 4;

    public string PatientId { get; set; } = "";

    /// <summary>age_years, ecog, prior_lines, smoking_pack_years.</summary>
    [VectorType(ClinicalSize)]
    public float[] Clinical { get; set; } = new float[ClinicalSize];

    public string Sex { get; set; } = "";

    public string TumourType { get; set; } = "";

    public string Stage { get; set; } = "";

    /// <summary>anc, hemoglobin, platelets, creatinine, egfr, alt, ast, bilirubin, ldh, albumin (units of LabPanel).</summary>
    [VectorType(LabsSize)]
    public float[] Labs { get; set; } = new float[LabsSize];

    /// <summary>1 mutated, 0 wild-type, NaN untested; <see cref="Catalogs.SomaticGenes"/> order.</summary>
    [VectorType(11)]
    public float[] Mutations { get; set; } = new float[11];

    /// <summary>tmb_mut_per_mb, pdl1_tps_pct, dpyd_activity_score, ugt1a1_poor_metaboliser.</summary>
    [VectorType(OmicsScalarSize)]
    public float[] OmicsScalars { get; set; } = new float[OmicsScalarSize];

    /// <summary>log2(TPM + 1); <see cref="Catalogs.ExpressionGenes"/> order; NaN unmeasured.</summary>
    [VectorType(10)]
    public float[] Expression { get; set; } = new float[10];

    /// <summary>Target lesion diameters, mm, NaN-padded to five slots.</summary>
    [VectorType(LesionSlots)]
    public float[] Lesions { get; set; } = new float[LesionSlots];

    /// <summary><see cref="Catalogs.RadiomicsFeatures"/> order.</summary>
    [VectorType(6)]
    public float[] Radiomics { get; set; } = new float[6];

    /// <summary>Hours since the first wearable sample (variable length).</summary>
    [VectorType]
    public float[] SignalHours { get; set; } = [];

    [VectorType]
    public float[] HeartRate { get; set; } = [];

    [VectorType]
    public float[] Steps { get; set; } = [];

    [VectorType]
    public float[] SleepHours { get; set; } = [];

    [VectorType]
    public float[] Spo2 { get; set; } = [];

    /// <summary>courses, prior chemotherapy, prior targeted, prior antibody (counts of courses).</summary>
    [VectorType(HistorySize)]
    public float[] History { get; set; } = new float[HistorySize];

    public string Note { get; set; } = "";

    /// <summary>1 when the modality is present; <see cref="Catalogs.Modalities"/> order.</summary>
    [VectorType(7)]
    public float[] ModalityPresent { get; set; } = new float[7];
}
