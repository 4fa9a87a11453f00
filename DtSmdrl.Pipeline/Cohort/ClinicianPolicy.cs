using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Data.Records;

namespace DtSmdrl.Pipeline.Cohort;

/// <summary>
/// The documented, confounded "clinician" who treated the retrospective cohort: biomarker-guided
/// with noise, and more cautious with frail patients (built-in: ECOG >= 2 or age >= 75), who are also the ones
/// at higher toxicity risk. That link is the confounding a naive analysis of the history inherits.
/// Built-in first-line probabilities (<see cref="ClinicianPolicyOptions"/> holds them; a population file may change them):
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
    /// <summary>The first-line regimen: one uniform draw picks the group's regimen, a second one decides a frail switch.</summary>
    public static string FirstLine(PatientRecord observed, Random rng, ClinicianPolicyOptions options)
    {
        var shares = options.For(GuidelineBiomarkers.From(observed).Group);
        var u = rng.NextDouble();
        var regimen = shares[^1].Regimen;
        var cumulative = 0.0;
        foreach (var share in shares)
        {
            cumulative += share.Probability;
            if (u < Math.Round(cumulative, 12))
            {
                regimen = share.Regimen;
                break;
            }
        }
        var frail = observed.Clinical is { } c && (c.Ecog >= options.FrailEcogAtLeast || c.AgeYears >= options.FrailAgeAtLeast);
        // Drawn for every patient, frail or not, so each patient's later draws do not depend on frailty.
        var v = rng.NextDouble();
        if (!frail) return regimen;
        foreach (var change in options.FrailSwitches)
            if (change.From == regimen) return v < change.Probability ? change.To : regimen;
        return regimen;
    }
}
