using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Data.Records;

namespace DtSmdrl.Pipeline.Cohort;

/// <summary>
/// The documented, confounded "clinician" who treated the retrospective cohort: biomarker-guided
/// with noise, and more cautious with frail patients (ECOG >= 2 or age >= 75), who are also the ones
/// at higher toxicity risk. That link is the confounding a naive analysis of the history inherits.
/// First-line probabilities:
/// <list type="table">
/// <item><term>EGFR mutation reported</term><description>targeted 0.85, chemo_full 0.15</description></item>
/// <item><term>PD-L1 TPS >= 50%</term><description>immuno 0.60, chemo_immuno 0.30, chemo_full 0.10</description></item>
/// <item><term>otherwise</term><description>chemo_immuno 0.55, chemo_full 0.30, immuno 0.15</description></item>
/// </list>
/// Frail patients: chemo_full becomes chemo_reduced with probability 0.6, chemo_immuno becomes
/// immuno with probability 0.4. After the first cycle the regimen follows its standard schedule
/// (<see cref="StandardSchedulePolicy"/>: ANC rule, dose reduction after grade 3-4 neutropenia,
/// antibody held during an irAE, second line on progression).
/// </summary>
public static class ClinicianPolicy
{
    public static string FirstLine(PatientRecord observed, Random rng)
    {
        var biomarkers = GuidelineBiomarkers.From(observed);
        var u = rng.NextDouble();
        var regimen = biomarkers.Group switch
        {
            GuidelineGroup.EgfrMutant => u < 0.85 ? "targeted" : "chemo_full",
            GuidelineGroup.Pdl1High => u < 0.60 ? "immuno" : u < 0.90 ? "chemo_immuno" : "chemo_full",
            _ => u < 0.55 ? "chemo_immuno" : u < 0.85 ? "chemo_full" : "immuno",
        };
        var frail = observed.Clinical is { } c && (c.Ecog >= 2 || c.AgeYears >= 75);
        var v = rng.NextDouble();
        if (frail && regimen == "chemo_full" && v < 0.6) return "chemo_reduced";
        if (frail && regimen == "chemo_immuno" && v < 0.4) return "immuno";
        return regimen;
    }
}
