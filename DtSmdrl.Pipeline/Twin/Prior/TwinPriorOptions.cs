namespace DtSmdrl.Pipeline.Twin.Prior;

/// <summary>
/// Population prior of the NSCLC twin (twin-models.md section 6). Log-normal quantities are given
/// as median and coefficient of variation (sigma = sqrt(ln(1 + CV^2))) with clip bounds. Constants
/// marked "calibrated" were tuned once so the standard-of-care arms reproduce the trial table
/// (twin-models.md section 7); Twin/README.md records how.
/// </summary>
public sealed record TwinPriorOptions
{
    // ---- Population mix of the covariates (used by SampleCovariates) ----

    /// <summary>Share of EGFR-mutant patients (Western population about 15%).</summary>
    public double EgfrPrevalence { get; init; } = 0.15;
    /// <summary>Share with PD-L1 TPS >= 50%.</summary>
    public double TpsHighShare { get; init; } = 0.30;
    /// <summary>Share with PD-L1 TPS 1-49%.</summary>
    public double TpsLowShare { get; init; } = 0.35;
    /// <summary>Median TMB, mutations/Mb (log-normal, sigma <see cref="TmbSigma"/>).</summary>
    public double TmbMedian { get; init; } = 6.0;
    /// <summary>Log-scale SD of TMB.</summary>
    public double TmbSigma { get; init; } = 0.8;
    /// <summary>Mean age, years (normal, clipped to 30-90).</summary>
    public double AgeMean { get; init; } = 64.0;
    /// <summary>SD of age, years.</summary>
    public double AgeSd { get; init; } = 9.0;
    /// <summary>Share with ECOG 0 (the rest: ECOG 1, and <see cref="Ecog2Share"/> ECOG 2).</summary>
    public double Ecog0Share { get; init; } = 0.35;
    /// <summary>Share with ECOG 2.</summary>
    public double Ecog2Share { get; init; } = 0.05;

    // ---- Tumour ----

    /// <summary>Median baseline SLD, mm (design choice).</summary>
    public double SldMedian { get; init; } = 80.0;
    /// <summary>Log-scale SD of the baseline SLD (range about 20-250 mm).</summary>
    public double SldSigma { get; init; } = 0.45;
    /// <summary>Lower clip of the baseline SLD, mm.</summary>
    public double SldMin { get; init; } = 20.0;
    /// <summary>Upper clip of the baseline SLD, mm.</summary>
    public double SldMax { get; init; } = 250.0;
    /// <summary>SD of a measured baseline SLD around the true one, mm (conditioning on a measurement).</summary>
    public double SldMeasurementSd { get; init; } = 5.0;
    /// <summary>Median volume doubling time at baseline, days (calibrated 120; literature anchor about 100 [V]).</summary>
    public double DoublingMedian { get; init; } = 120.0;
    /// <summary>CV of the doubling time ([V] about 70%).</summary>
    public double DoublingCv { get; init; } = 0.7;
    /// <summary>Clip of the doubling time, days.</summary>
    public double DoublingMin { get; init; } = 25.0;
    /// <summary>Clip of the doubling time, days.</summary>
    public double DoublingMax { get; init; } = 600.0;
    /// <summary>K / V0 (design choice 10).</summary>
    public double PlateauRatio { get; init; } = 10.0;
    /// <summary>Cap of K as the volume of this SLD over the patient's lesions, mm.</summary>
    public double PlateauMaxSld { get; init; } = 400.0;
    /// <summary>
    /// Median resistant fraction R0/V0 (log-normal stand-in for the Beta prior; calibrated 0.2%, inside the
    /// prior range 0.1-10% but below its 1% median: with 1% the EGFR-TKI PFS was far too short).
    /// </summary>
    public double ResistantFractionMedian { get; init; } = 0.002;
    /// <summary>Log-scale SD of the resistant fraction.</summary>
    public double ResistantFractionSigma { get; init; } = 0.8;
    /// <summary>Clip of the resistant fraction (0.1-10%).</summary>
    public double ResistantFractionMin { get; init; } = 0.001;
    /// <summary>Clip of the resistant fraction.</summary>
    public double ResistantFractionMax { get; init; } = 0.10;
    /// <summary>gR/g ~ U(min, max).</summary>
    public double GrRatioMin { get; init; } = 0.6;
    /// <summary>gR/g ~ U(min, max).</summary>
    public double GrRatioMax { get; init; } = 1.0;
    /// <summary>mu ~ log-uniform(min, max).</summary>
    public double MuMin { get; init; } = 1e-6;
    /// <summary>mu ~ log-uniform(min, max).</summary>
    public double MuMax { get; init; } = 1e-4;
    /// <summary>Median k1, 1/day.</summary>
    public double K1Median { get; init; } = 0.5;
    /// <summary>CV of k1.</summary>
    public double K1Cv { get; init; } = 0.35;

    // ---- Drug effects (calibrated) ----

    /// <summary>Median chemotherapy kill kC, 1/day (calibrated 0.6: chemotherapy ORR about 28%, PFS about 6 months).</summary>
    public double KcMedian { get; init; } = 0.6;
    /// <summary>CV of kC (calibrated).</summary>
    public double KcCv { get; init; } = 0.4;
    /// <summary>
    /// kC multiplier in EGFR-mutant tumours (calibrated: the trial table has chemotherapy ORR 33% in
    /// EGFR-mutant vs 28% in KEYNOTE-024 patients; EGFR-mutant NSCLC is somewhat more chemo-sensitive).
    /// </summary>
    public double KcEgfrMutantFactor { get; init; } = 1.1;
    /// <summary>kC_R / kC: resistant cells keep this share of the chemotherapy kill (design choice).</summary>
    public double KcrRatio { get; init; } = 0.3;
    /// <summary>Median kT in EGFR-mutant tumours, 1/day (calibrated 0.026: ORR about 70%, PFS HR about 0.35 vs chemotherapy).</summary>
    public double KtMutantMedian { get; init; } = 0.026;
    /// <summary>CV of kT in EGFR-mutant tumours (calibrated).</summary>
    public double KtMutantCv { get; init; } = 1.2;
    /// <summary>Median kT in EGFR wild-type tumours, 1/day (about 0: ORR about 1%).</summary>
    public double KtWildTypeMedian { get; init; } = 0.001;
    /// <summary>CV of kT in wild-type tumours.</summary>
    public double KtWildTypeCv { get; init; } = 1.0;
    /// <summary>Median kI of immune responders, 1/day (calibrated 0.04: pembrolizumab ORR 45%, PFS about 10 months).</summary>
    public double KiMedian { get; init; } = 0.04;
    /// <summary>CV of kI (calibrated).</summary>
    public double KiCv { get; init; } = 0.8;
    /// <summary>Median tau_I, days (calibrated 35; about 6 weeks [U]).</summary>
    public double TauIMedian { get; init; } = 35.0;
    /// <summary>CV of tau_I.</summary>
    public double TauICv { get; init; } = 0.3;

    // ---- Immune responder probability (KEYNOTE-024 strata) ----

    /// <summary>
    /// P(responder) for PD-L1 TPS >= 50% (calibrated 0.58; the literature 0.45 is the ORR, but a responder here
    /// is anyone with an immune effect, and some get stable disease only). Lower strata scaled by the same 0.58/0.45.
    /// </summary>
    public double ResponderTpsHigh { get; init; } = 0.58;
    /// <summary>P(responder) for TPS 1-49% (0.2 [U] x 0.58/0.45).</summary>
    public double ResponderTpsLow { get; init; } = 0.26;
    /// <summary>P(responder) for TPS &lt; 1% (0.1 [U] x 0.58/0.45).</summary>
    public double ResponderTpsNegative { get; init; } = 0.13;
    /// <summary>TMB at or above which the responder odds are multiplied by <see cref="TmbHighOddsRatio"/>.</summary>
    public double TmbHighThreshold { get; init; } = 10.0;
    /// <summary>Odds ratio of responding with high TMB ("modestly").</summary>
    public double TmbHighOddsRatio { get; init; } = 1.5;

    // ---- Pharmacokinetic variability ----

    /// <summary>CV of docetaxel clearance (popPK 30%); enters through the apparent volume.</summary>
    public double ChemoClearanceCv { get; init; } = 0.30;
    /// <summary>CV of the kinase-inhibitor apparent volume.</summary>
    public double TkiVolumeCv { get; init; } = 0.30;
    /// <summary>CV of antibody clearance (about 40%).</summary>
    public double AntibodyClearanceCv { get; init; } = 0.40;

    // ---- Neutrophils and frailty ----

    /// <summary>CV of Circ0 (Friberg 42%).</summary>
    public double Circ0Cv { get; init; } = 0.42;
    /// <summary>CV of MTT (Friberg 16%).</summary>
    public double MttCv { get; init; } = 0.16;
    /// <summary>CV of the drug-effect slope (Emax 33% and EC50 50% combined, design choice).</summary>
    public double SlopeCv { get; init; } = 0.5;
    /// <summary>Slope multiplier at age >= 65 (older patients have more grade 3-5 toxicity; 1.15 calibrated to the chemotherapy grade >= 3 rates of KEYNOTE-024 and IPASS).</summary>
    public double AgeSlopeFactor { get; init; } = 1.15;
    /// <summary>Slope multiplier per ECOG point.</summary>
    public double EcogSlopeFactor { get; init; } = 1.15;

    // ---- Toxicity and death ----

    /// <summary>Per-cycle irAE logit intercept (calibrated -4.4: 27.1% grade >= 3 irAE in the simulated pembrolizumab arm; KEYNOTE-024 26.6% grade 3-5 TRAE).</summary>
    public double IraeLogit0 { get; init; } = -4.4;
    /// <summary>Per-cycle irAE logit increase per prior full antibody dose.</summary>
    public double IraeLogitPerDose { get; init; } = 0.02;
    /// <summary>
    /// Per-cycle logit of a grade >= 3 targeted-therapy event (EGFR TKI rash, diarrhoea, ILD) in a cycle with the
    /// kinase inhibitor, constant over the course (calibrated: grade 3-4 events in the gefitinib arm of IPASS, 28.7%).
    /// </summary>
    public double TkaeLogit { get; init; } = -3.4;
    /// <summary>Duration of a grade >= 3 targeted-therapy event (inhibitor held until it resolves to grade &lt;= 1), days (design choice).</summary>
    public double TkaeDuration { get; init; } = 14.0;
    /// <summary>Death hazard h0 at the baseline volume, ECOG 0, 1/day (calibrated 0.001: median OS 10-14 months on first-line chemotherapy).</summary>
    public double H0 { get; init; } = 0.001;
    /// <summary>b1: log-hazard per log(V/Vref).</summary>
    public double B1 { get; init; } = 1.0;
    /// <summary>b2: log-hazard increase while ANC &lt; 0.5.</summary>
    public double B2 { get; init; } = 3.0;
    /// <summary>b3: log-hazard increase while a grade >= 3 irAE is active.</summary>
    public double B3 { get; init; } = 2.0;
    /// <summary>Death-hazard multiplier per ECOG point.</summary>
    public double EcogHazardFactor { get; init; } = 1.3;

    /// <summary>Throws naming the field when a value is not finite, negative, or out of range.</summary>
    public void Validate()
    {
        foreach (var property in typeof(TwinPriorOptions).GetProperties())
        {
            if (property.PropertyType != typeof(double) || property.Name is nameof(IraeLogit0) or nameof(IraeLogitPerDose) or nameof(TkaeLogit))
            {
                continue;
            }

            var value = (double)property.GetValue(this)!;
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentException($"{nameof(TwinPriorOptions)}.{property.Name} = {value} must be a finite number >= 0.");
            }
        }

        foreach (var (name, value) in new[]
                 {
                     (nameof(EgfrPrevalence), EgfrPrevalence), (nameof(ResponderTpsHigh), ResponderTpsHigh),
                     (nameof(ResponderTpsLow), ResponderTpsLow), (nameof(ResponderTpsNegative), ResponderTpsNegative),
                 })
        {
            if (value > 1)
            {
                throw new ArgumentException($"{nameof(TwinPriorOptions)}.{name} = {value} is a probability and must be <= 1.");
            }
        }

        if (TpsHighShare + TpsLowShare > 1 || Ecog0Share + Ecog2Share > 1)
        {
            throw new ArgumentException($"{nameof(TwinPriorOptions)}: the PD-L1 and ECOG shares must each sum to <= 1.");
        }

        if (!(PlateauRatio > 2))
        {
            throw new ArgumentException($"{nameof(TwinPriorOptions)}.{nameof(PlateauRatio)} = {PlateauRatio} must exceed 2.");
        }
    }
}
