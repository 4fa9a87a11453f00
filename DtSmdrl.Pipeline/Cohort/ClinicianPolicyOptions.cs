using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Twin;

namespace DtSmdrl.Pipeline.Cohort;

/// <summary>A first-line regimen and its probability.</summary>
/// <param name="Regimen">An action name of the NSCLC action set (hold excluded).</param>
/// <param name="Probability">Probability in [0, 1].</param>
public sealed record RegimenShare(string Regimen, double Probability);

/// <summary>A frail patient's switch from one regimen to another.</summary>
/// <param name="From">The regimen first chosen.</param>
/// <param name="To">The regimen given instead.</param>
/// <param name="Probability">Probability of the switch.</param>
public sealed record FrailSwitch(string From, string To, double Probability);

/// <summary>
/// The retrospective course's clinician (<see cref="ClinicianPolicy"/>): first-line probabilities per observed
/// biomarker group, who counts as frail, and how frail patients' regimens are de-escalated. Each group's
/// probabilities must sum to 1; they are used cumulatively in the listed order (cumulative sums are rounded to 12
/// decimals, so 0.6 + 0.3 is the threshold 0.9).
/// </summary>
public sealed record ClinicianPolicyOptions
{
    /// <summary>EGFR mutation reported.</summary>
    public IReadOnlyList<RegimenShare> EgfrMutant { get; init; } = [new("targeted", 0.85), new("chemo_full", 0.15)];

    /// <summary>EGFR not reported, PD-L1 TPS >= 50%.</summary>
    public IReadOnlyList<RegimenShare> Pdl1High { get; init; } = [new("immuno", 0.60), new("chemo_immuno", 0.30), new("chemo_full", 0.10)];

    /// <summary>Everyone else.</summary>
    public IReadOnlyList<RegimenShare> Other { get; init; } = [new("chemo_immuno", 0.55), new("chemo_full", 0.30), new("immuno", 0.15)];

    /// <summary>Observed ECOG at or above which a patient is frail.</summary>
    public int FrailEcogAtLeast { get; init; } = 2;

    /// <summary>Observed age at or above which a patient is frail, years.</summary>
    public double FrailAgeAtLeast { get; init; } = 75;

    /// <summary>De-escalations for frail patients; the first whose From matches applies.</summary>
    public IReadOnlyList<FrailSwitch> FrailSwitches { get; init; } = [new("chemo_full", "chemo_reduced", 0.6), new("chemo_immuno", "immuno", 0.4)];

    /// <summary>The first-line shares of a biomarker group.</summary>
    public IReadOnlyList<RegimenShare> For(GuidelineGroup group) => group switch
    {
        GuidelineGroup.EgfrMutant => EgfrMutant,
        GuidelineGroup.Pdl1High => Pdl1High,
        _ => Other,
    };

    /// <summary>Throws naming the field when a value is not usable.</summary>
    public void Validate(string path)
    {
        var regimens = ActionSet.NsclcDefault.Names.Where(n => n != "hold").ToHashSet(StringComparer.Ordinal);
        string Known() => string.Join(", ", regimens.Order(StringComparer.Ordinal));
        foreach (var (name, shares) in new[] { ("egfr_mutant", EgfrMutant), ("pdl1_high", Pdl1High), ("other", Other) })
        {
            if (shares.Count == 0) throw new PopulationException($"{path}.{name}", "needs at least one regimen");
            for (var i = 0; i < shares.Count; i++)
            {
                if (!regimens.Contains(shares[i].Regimen))
                    throw new PopulationException($"{path}.{name}[{i}].regimen", $"'{shares[i].Regimen}' is not a first-line regimen ({Known()})");
                PopulationChecks.Probability($"{path}.{name}[{i}].probability", shares[i].Probability);
            }
            var sum = shares.Sum(s => s.Probability);
            if (Math.Abs(sum - 1) > 1e-9) throw new PopulationException($"{path}.{name}", $"the probabilities sum to {sum}; they must sum to 1");
        }
        if (FrailEcogAtLeast is < 0 or > 5) throw new PopulationException($"{path}.frail_ecog_at_least", $"{FrailEcogAtLeast} must be 0-5 (5: nobody is frail by ECOG)");
        if (!double.IsFinite(FrailAgeAtLeast) || FrailAgeAtLeast < 0) throw new PopulationException($"{path}.frail_age_at_least", $"{FrailAgeAtLeast} must be a finite age >= 0");
        for (var i = 0; i < FrailSwitches.Count; i++)
        {
            var s = FrailSwitches[i];
            if (!regimens.Contains(s.From)) throw new PopulationException($"{path}.frail_switches[{i}].from", $"'{s.From}' is not a first-line regimen ({Known()})");
            if (!regimens.Contains(s.To)) throw new PopulationException($"{path}.frail_switches[{i}].to", $"'{s.To}' is not a first-line regimen ({Known()})");
            PopulationChecks.Probability($"{path}.frail_switches[{i}].probability", s.Probability);
        }
    }
}
