namespace DtSmdrl.Pipeline.Data;

/// <summary>
/// The controlled vocabularies of the data contracts, in one place: validation, the schemas' enums
/// (checked by a test), the wide CSV layout and the feature columns all read these lists.
/// </summary>
public static class Catalogs
{
    /// <summary>Somatic genes reported as mutated / not mutated.</summary>
    public static IReadOnlyList<string> SomaticGenes { get; } =
        ["EGFR", "KRAS", "TP53", "ALK", "BRAF", "STK11", "KEAP1", "MET", "RET", "ROS1", "ERBB2"];

    /// <summary>Genes of the expression panel (log2 TPM + 1).</summary>
    public static IReadOnlyList<string> ExpressionGenes { get; } =
        ["CD274", "CD8A", "CXCL9", "IFNG", "GZMB", "EGFR", "ERBB2", "MKI67", "TOP2A", "ABCB1"];

    /// <summary>Radiomics features (image biomarkers).</summary>
    public static IReadOnlyList<string> RadiomicsFeatures { get; } =
        ["volume_ml", "sphericity", "glcm_entropy", "glcm_contrast", "firstorder_skewness", "heterogeneity_index"];

    /// <summary>Regimen names, identical to the twin's default action names.</summary>
    public static IReadOnlyList<string> Regimens { get; } =
        ["hold", "chemo_full", "chemo_reduced", "targeted", "immuno", "chemo_immuno"];

    /// <summary>Tumour types.</summary>
    public static IReadOnlyList<string> TumourTypes { get; } =
        ["nsclc_adenocarcinoma", "nsclc_squamous", "nsclc_other", "other"];

    /// <summary>AJCC 8th edition stage groups accepted.</summary>
    public static IReadOnlyList<string> Stages { get; } =
        ["I", "IA", "IB", "II", "IIA", "IIB", "III", "IIIA", "IIIB", "IIIC", "IV", "IVA", "IVB"];

    /// <summary>Sexes accepted.</summary>
    public static IReadOnlyList<string> Sexes { get; } = ["female", "male"];

    /// <summary>The modalities of a patient record, in feature order.</summary>
    public static IReadOnlyList<string> Modalities { get; } =
        ["clinical", "labs", "omics", "imaging", "signals", "history", "note"];
}
