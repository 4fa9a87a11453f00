namespace DtSmdrl.Pipeline.Cohort;

/// <summary>
/// How one observed feature reads out the patient's latent state (<see cref="ObservationModel"/>):
/// <list type="bullet">
/// <item>linear: value = intercept + sum of slope x driver + noise;</item>
/// <item>log (<see cref="LogScale"/>): value = factor x exp(intercept + sum of slope x driver + noise);</item>
/// </list>
/// then clipped to [<see cref="Min"/>, <see cref="Max"/>]. Drivers: age (centred at <see cref="AgeReference"/>), ECOG,
/// tumour burden log(V0 / V(80 mm over 2 lesions)), growth log(g / g(100-day doubling)), resistance log(R0/V0 / 1%),
/// immune responder (0/1), PD-L1 TPS (%), EGFR mutation (0/1). Noise is N(0, <see cref="NoiseSd"/>) times the cohort's
/// noise scale; a readout with noise_sd 0 draws no noise.
/// </summary>
public sealed record Readout
{
    /// <summary>Log scale: the value is <see cref="Factor"/> x exp(linear part).</summary>
    public bool LogScale { get; init; }

    /// <summary>Intercept of the linear part.</summary>
    public double Intercept { get; init; }

    /// <summary>Multiplier on the log scale (ignored on the linear scale).</summary>
    public double Factor { get; init; } = 1.0;

    /// <summary>The multiplier for female patients when it differs (null: <see cref="Factor"/> for everyone).</summary>
    public double? FactorFemale { get; init; }

    /// <summary>Slope per year of age above <see cref="AgeReference"/>.</summary>
    public double PerAge { get; init; }

    /// <summary>Age the age slope is centred at, years.</summary>
    public double AgeReference { get; init; }

    /// <summary>Slope per ECOG point.</summary>
    public double PerEcog { get; init; }

    /// <summary>Slope per unit of log tumour burden.</summary>
    public double PerBurden { get; init; }

    /// <summary>Slope per unit of log growth rate.</summary>
    public double PerGrowth { get; init; }

    /// <summary>Slope per unit of log resistant fraction.</summary>
    public double PerResistance { get; init; }

    /// <summary>Shift for an immune responder.</summary>
    public double PerResponder { get; init; }

    /// <summary>Slope per PD-L1 TPS percentage point.</summary>
    public double PerPdl1Tps { get; init; }

    /// <summary>Shift for an EGFR-mutant tumour.</summary>
    public double PerEgfrMutant { get; init; }

    /// <summary>SD of the noise on the linear (or log) scale, before the cohort's noise scale.</summary>
    public double NoiseSd { get; init; }

    /// <summary>Lower clip (null: none).</summary>
    public double? Min { get; init; }

    /// <summary>Upper clip (null: none).</summary>
    public double? Max { get; init; }

    /// <summary>The drivers of one patient.</summary>
    public readonly record struct Drivers(double Age, int Ecog, double Burden, double Growth, double Resistance, double Responder, double Pdl1Tps, bool EgfrMutant, bool Female);

    /// <summary>Draws the feature; <paramref name="noise"/> maps an SD to one scaled normal draw.</summary>
    public double Sample(in Drivers d, Func<double, double> noise)
    {
        // Terms are added in this fixed order, each once: with a zero slope a term adds exactly 0.
        var s = Intercept;
        s += PerAge * (d.Age - AgeReference);
        s += PerEcog * d.Ecog;
        s += PerBurden * d.Burden;
        s += PerGrowth * d.Growth;
        s += PerResistance * d.Resistance;
        s += PerResponder * d.Responder;
        s += PerPdl1Tps * d.Pdl1Tps;
        s += PerEgfrMutant * (d.EgfrMutant ? 1 : 0);
        if (NoiseSd != 0) s += noise(NoiseSd);
        var value = LogScale ? (d.Female && FactorFemale is { } f ? f : Factor) * Math.Exp(s) : s;
        if (Max is { } max) value = Math.Min(max, value);
        if (Min is { } min) value = Math.Max(min, value);
        return value;
    }

    /// <summary>Throws naming the field when a parameter is not usable.</summary>
    public void Validate(string path)
    {
        foreach (var (name, value) in new (string, double)[]
                 {
                     ("intercept", Intercept), ("factor", Factor), ("per_age", PerAge), ("age_reference", AgeReference), ("per_ecog", PerEcog),
                     ("per_burden", PerBurden), ("per_growth", PerGrowth), ("per_resistance", PerResistance), ("per_responder", PerResponder),
                     ("per_pdl1_tps", PerPdl1Tps), ("per_egfr_mutant", PerEgfrMutant), ("noise_sd", NoiseSd),
                 })
            if (!double.IsFinite(value)) throw new PopulationException($"{path}.{name}", $"{value} is not a finite number");
        if (NoiseSd < 0) throw new PopulationException($"{path}.noise_sd", $"{NoiseSd} is a standard deviation and must be >= 0");
        if (LogScale && !(Factor > 0)) throw new PopulationException($"{path}.factor", $"{Factor} must be > 0 on the log scale");
        if (LogScale && FactorFemale is { } female && !(female > 0)) throw new PopulationException($"{path}.factor_female", $"{female} must be > 0 on the log scale");
        if (Min is { } min && Max is { } max && min > max) throw new PopulationException($"{path}.min", $"min {min} is above max {max}");
    }
}
