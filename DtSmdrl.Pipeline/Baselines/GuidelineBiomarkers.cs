using DtSmdrl.Pipeline.Data.Records;

namespace DtSmdrl.Pipeline.Baselines;

/// <summary>The biomarkers the guideline rule reads; null = not tested (missing in the record).</summary>
/// <param name="EgfrMutant">Activating EGFR mutation.</param>
/// <param name="Pdl1TpsPct">PD-L1 tumour proportion score, percent.</param>
public readonly record struct GuidelineBiomarkers(bool? EgfrMutant, double? Pdl1TpsPct)
{
    /// <summary>The guideline's biomarkers as the observed record reports them (untested = null).</summary>
    public static GuidelineBiomarkers From(PatientRecord record) =>
        new(record.Omics?.SomaticMutations.TryGetValue("EGFR", out var egfr) == true ? egfr : null, record.Omics?.Pdl1TpsPct);

    /// <summary>The biomarker group used for the rule's first-line choice and its stated response rate.</summary>
    public GuidelineGroup Group =>
        EgfrMutant == true ? GuidelineGroup.EgfrMutant
        : Pdl1TpsPct >= 50 ? GuidelineGroup.Pdl1High
        : GuidelineGroup.Other;
}

/// <summary>Biomarker groups of the guideline rule.</summary>
public enum GuidelineGroup
{
    /// <summary>EGFR-mutant: first-line EGFR kinase inhibitor.</summary>
    EgfrMutant,
    /// <summary>EGFR wild-type or untested, PD-L1 TPS >= 50%: first-line checkpoint antibody alone.</summary>
    Pdl1High,
    /// <summary>Everyone else (PD-L1 &lt; 50% or untested): chemotherapy plus antibody.</summary>
    Other,
}
