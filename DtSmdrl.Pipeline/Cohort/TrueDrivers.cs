namespace DtSmdrl.Pipeline.Cohort;

/// <summary>
/// The biomarkers that truly drive each regimen's response and toxicity in the generator (feature
/// names as in the wide CSV layout). Used only to score explanations (metrics.md "Driver recovery").
/// </summary>
public static class TrueDrivers
{
    /// <summary>Regimen class -> features that drive its objective response.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Response { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        // kT depends on the EGFR mutation; EGFR expression is raised in mutants.
        ["targeted"] = ["omics.mut.EGFR", "omics.expr.EGFR"],
        // The immune responder latent depends on PD-L1 and TMB; the T-cell/IFN-gamma genes read it out.
        ["immuno"] = ["omics.pdl1_tps_pct", "omics.tmb_mut_per_mb", "omics.expr.CD274", "omics.expr.CXCL9", "omics.expr.IFNG", "omics.expr.GZMB", "omics.expr.CD8A"],
        // Chemotherapy response falls with the resistant fraction (ABCB1, texture heterogeneity) and rises with the kill rate's partner, growth (MKI67).
        ["chemo"] = ["omics.expr.ABCB1", "imaging.radiomics.glcm_entropy", "imaging.radiomics.heterogeneity_index", "omics.expr.MKI67", "omics.expr.TOP2A"],
    };

    /// <summary>Regimen class -> features that drive its severe toxicity.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Toxicity { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        // Neutrophil sensitivity scales with age >= 65 and ECOG; a higher baseline ANC keeps the nadir above grade 4.
        ["chemo"] = ["clinical.age_years", "clinical.ecog", "labs.anc_10e9_per_l"],
        // irAE hazard depends on cumulative antibody exposure only (no biomarker drives it in this twin).
        ["immuno"] = [],
        ["targeted"] = [],
    };
}
