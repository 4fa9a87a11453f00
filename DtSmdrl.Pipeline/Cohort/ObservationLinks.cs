namespace DtSmdrl.Pipeline.Cohort;

/// <summary>
/// The numbers of <see cref="ObservationModel"/>: how the observed modalities follow the latent twin and the
/// covariates, and how often each is missing. Defaults are the built-in population's.
/// </summary>
public sealed record ObservationLinks
{
    public ClinicalLinks Clinical { get; init; } = new();
    public MutationLinks Mutations { get; init; } = new();
    public MeasurementNoise Measurement { get; init; } = new();
    public LabLinks Labs { get; init; } = new();
    public ExpressionLinks Expression { get; init; } = new();
    public RadiomicsLinks Radiomics { get; init; } = new();
    public WearableLinks Wearables { get; init; } = new();
    public MissingnessLinks Missingness { get; init; } = new();

    /// <summary>The modalities of a patient record, as <see cref="MissingnessLinks.Modality"/> keys them.</summary>
    public static IReadOnlyList<string> Modalities { get; } = ["clinical", "labs", "omics", "imaging", "signals", "history", "note"];

    /// <summary>Throws <see cref="PopulationException"/> naming the first unusable field.</summary>
    public void Validate(string path)
    {
        PopulationChecks.Section(Clinical, $"{path}.clinical", nameof(ClinicalLinks.PackYearsMedian), nameof(ClinicalLinks.PackYearsLogSd));
        PopulationChecks.Section(Mutations, $"{path}.mutations");
        if (Mutations.DpydActivity1 + Mutations.DpydActivity15 > 1)
            throw new PopulationException($"{path}.mutations.dpyd_activity15", "dpyd_activity1 + dpyd_activity15 exceed 1");
        var measurement = typeof(MeasurementNoise).GetProperties().Select(p => p.Name).ToArray();
        PopulationChecks.Section(Measurement, $"{path}.measurement", measurement);
        PopulationChecks.Section(Labs, $"{path}.labs");
        PopulationChecks.Section(Expression, $"{path}.expression");
        PopulationChecks.Section(Radiomics, $"{path}.radiomics");
        PopulationChecks.Section(Wearables, $"{path}.wearables", typeof(WearableLinks).GetProperties().Select(p => p.Name).ToArray());
        PopulationChecks.Section(Missingness, $"{path}.missingness");
        foreach (var modality in Modalities)
        {
            if (!Missingness.Modality.TryGetValue(modality, out var p))
                throw new PopulationException($"{path}.missingness.modality.{modality}", $"is missing; give a probability for each of {string.Join(", ", Modalities)}");
            PopulationChecks.Probability($"{path}.missingness.modality.{modality}", p);
        }
        foreach (var key in Missingness.Modality.Keys)
            if (!Modalities.Contains(key))
                throw new PopulationException($"{path}.missingness.modality.{key}", $"'{key}' is not a modality ({string.Join(", ", Modalities)})");
    }
}

/// <summary>Clinical record: sex, histology, smoking and stage, linked to the EGFR mutation.</summary>
public sealed record ClinicalLinks
{
    /// <summary>P(female) in EGFR-mutant patients.</summary>
    public double FemaleEgfrMutant { get; init; } = 0.62;
    /// <summary>P(female) in EGFR wild-type patients.</summary>
    public double FemaleWildType { get; init; } = 0.42;
    /// <summary>P(adenocarcinoma) in EGFR wild-type patients (EGFR-mutant tumours are always adenocarcinoma).</summary>
    public double AdenocarcinomaWildType { get; init; } = 0.6;
    /// <summary>P(squamous) among the non-adenocarcinomas (the rest: nsclc_other).</summary>
    public double SquamousOfNonAdenocarcinoma { get; init; } = 0.8;
    /// <summary>P(never smoker) in EGFR-mutant patients.</summary>
    public double NeverSmokerEgfrMutant { get; init; } = 0.65;
    /// <summary>P(never smoker) in EGFR wild-type patients.</summary>
    public double NeverSmokerWildType { get; init; } = 0.12;
    /// <summary>Median pack-years of smokers (log-normal).</summary>
    public double PackYearsMedian { get; init; } = 30;
    /// <summary>Log-scale SD of pack-years.</summary>
    public double PackYearsLogSd { get; init; } = 0.5;
    /// <summary>P(stage IV); the rest are stage IIIC.</summary>
    public double StageIv { get; init; } = 0.85;
    /// <summary>P(IVB) among stage IV (the rest: IVA).</summary>
    public double StageIvbOfIv { get; init; } = 0.5;
    /// <summary>P(prior adjuvant chemotherapy) in the treatment history.</summary>
    public double PriorAdjuvantChemotherapy { get; init; } = 0.08;
    /// <summary>P(the note mentions a brain MRI without metastases).</summary>
    public double NoteMentionsBrainMri { get; init; } = 0.15;
}

/// <summary>Somatic mutations reported by the panel, and pharmacogenomics.</summary>
public sealed record MutationLinks
{
    /// <summary>P(the panel reports a true EGFR mutation).</summary>
    public double EgfrAssaySensitivity { get; init; } = 0.97;
    /// <summary>P(KRAS) in EGFR wild-type tumours.</summary>
    public double KrasWildType { get; init; } = 0.32;
    /// <summary>P(TP53), any tumour.</summary>
    public double Tp53 { get; init; } = 0.5;
    /// <summary>P(STK11) in EGFR wild-type tumours.</summary>
    public double Stk11WildType { get; init; } = 0.15;
    /// <summary>P(KEAP1) in EGFR wild-type tumours.</summary>
    public double Keap1WildType { get; init; } = 0.12;
    /// <summary>P(ALK) in EGFR and KRAS wild-type tumours.</summary>
    public double AlkDriverNegative { get; init; } = 0.04;
    /// <summary>P(BRAF) in EGFR and KRAS wild-type tumours.</summary>
    public double BrafDriverNegative { get; init; } = 0.03;
    /// <summary>P(DPYD activity score 1.0).</summary>
    public double DpydActivity1 { get; init; } = 0.02;
    /// <summary>P(DPYD activity score 1.5); the rest have 2.0.</summary>
    public double DpydActivity15 { get; init; } = 0.03;
    /// <summary>P(UGT1A1 poor metaboliser).</summary>
    public double Ugt1a1PoorMetaboliser { get; init; } = 0.1;
}

/// <summary>Measurement noise of the values measured directly from the twin (before the cohort's noise scale).</summary>
public sealed record MeasurementNoise
{
    /// <summary>Log-scale SD of the ANC assay around Circ0.</summary>
    public double AncLogSd { get; init; } = 0.08;
    /// <summary>Log-scale SD of measured TMB.</summary>
    public double TmbLogSd { get; init; } = 0.15;
    /// <summary>SD of measured PD-L1 TPS, percentage points (clipped to 0-100).</summary>
    public double Pdl1TpsSd { get; init; } = 3;
    /// <summary>SD of each measured lesion diameter, mm.</summary>
    public double LesionSdMm { get; init; } = 2.0;
    /// <summary>Smallest reported lesion diameter, mm (RECIST measurable).</summary>
    public double LesionMinMm { get; init; } = 10;
    /// <summary>Log-scale SD of the radiomics volume around V0.</summary>
    public double VolumeLogSd { get; init; } = 0.1;
}

/// <summary>Baseline labs other than ANC (<see cref="MeasurementNoise.AncLogSd"/>).</summary>
public sealed record LabLinks
{
    public Readout HemoglobinGPerDl { get; init; } = new() { Intercept = 12.8, PerEcog = -0.5, PerBurden = -0.3, NoiseSd = 1.0, Min = 6, Max = 18 };
    public Readout Platelets10e9PerL { get; init; } = new() { Intercept = 250, PerBurden = 25, NoiseSd = 60, Min = 40, Max = 800 };
    public Readout CreatinineMgPerDl { get; init; } = new() { LogScale = true, Factor = 0.95, FactorFemale = 0.75, PerAge = 0.006, AgeReference = 60, NoiseSd = 0.15, Min = 0.3, Max = 4 };
    public Readout EgfrMlPerMin { get; init; } = new() { Intercept = 135, PerAge = -0.9, NoiseSd = 12, Min = 10, Max = 150 };
    public Readout AltUPerL { get; init; } = new() { LogScale = true, Factor = 22, NoiseSd = 0.35 };
    public Readout AstUPerL { get; init; } = new() { LogScale = true, Factor = 24, NoiseSd = 0.3 };
    public Readout BilirubinMgPerDl { get; init; } = new() { LogScale = true, Factor = 0.6, NoiseSd = 0.3 };
    public Readout LdhUPerL { get; init; } = new() { LogScale = true, Factor = 210, PerBurden = 0.25, NoiseSd = 0.2, Min = 90, Max = 3000 };
    public Readout AlbuminGPerDl { get; init; } = new() { Intercept = 4.1, PerEcog = -0.3, PerBurden = -0.1, NoiseSd = 0.3, Min = 1.5, Max = 5.5 };
}

/// <summary>Tumour gene expression, log2(TPM + 1): the immune genes read out the responder, the rest growth, resistance, PD-L1 and EGFR.</summary>
public sealed record ExpressionLinks
{
    public Readout Cd274 { get; init; } = new() { Intercept = 1.5, PerPdl1Tps = 0.045, NoiseSd = 0.5, Min = 0 };
    public Readout Cd8a { get; init; } = new() { Intercept = 3.0, PerResponder = 1.2, NoiseSd = 0.7, Min = 0 };
    public Readout Cxcl9 { get; init; } = new() { Intercept = 3.5, PerResponder = 1.6, NoiseSd = 0.8, Min = 0 };
    public Readout Ifng { get; init; } = new() { Intercept = 1.5, PerResponder = 1.3, NoiseSd = 0.7, Min = 0 };
    public Readout Gzmb { get; init; } = new() { Intercept = 3.0, PerResponder = 1.2, NoiseSd = 0.7, Min = 0 };
    public Readout Egfr { get; init; } = new() { Intercept = 6.0, PerEgfrMutant = 1.8, NoiseSd = 0.6, Min = 0 };
    public Readout Erbb2 { get; init; } = new() { Intercept = 4.5, NoiseSd = 0.6, Min = 0 };
    public Readout Mki67 { get; init; } = new() { Intercept = 5.0, PerGrowth = 1.5, NoiseSd = 0.5, Min = 0 };
    public Readout Top2a { get; init; } = new() { Intercept = 5.5, PerGrowth = 1.2, NoiseSd = 0.6, Min = 0 };
    public Readout Abcb1 { get; init; } = new() { Intercept = 3.0, PerResistance = 0.8, NoiseSd = 0.5, Min = 0 };
}

/// <summary>Radiomics features other than the volume (<see cref="MeasurementNoise.VolumeLogSd"/>).</summary>
public sealed record RadiomicsLinks
{
    public Readout Sphericity { get; init; } = new() { Intercept = 0.75, PerGrowth = -0.05, NoiseSd = 0.06, Min = 0.2, Max = 1 };
    public Readout GlcmEntropy { get; init; } = new() { Intercept = 5.0, PerResistance = 0.45, NoiseSd = 0.3 };
    public Readout GlcmContrast { get; init; } = new() { LogScale = true, Intercept = 1.0, NoiseSd = 0.4 };
    public Readout FirstorderSkewness { get; init; } = new() { NoiseSd = 0.5 };
    public Readout HeterogeneityIndex { get; init; } = new() { Intercept = 0.2, PerResistance = 0.06, NoiseSd = 0.04, Min = 0, Max = 1 };
}

/// <summary>
/// Wearable week (42 samples, every 4 h, awake 07-23 h, a 24-h rhythm peaking at 15 h): heart rate and steps follow
/// ECOG and tumour burden.
/// </summary>
public sealed record WearableLinks
{
    /// <summary>Heart rate at ECOG 0, typical burden, mid-rhythm, bpm.</summary>
    public double HeartRateBase { get; init; } = 72;
    /// <summary>Heart rate per ECOG point, bpm.</summary>
    public double HeartRatePerEcog { get; init; } = 4;
    /// <summary>Heart rate per unit of log burden, bpm.</summary>
    public double HeartRatePerBurden { get; init; } = 3;
    /// <summary>Amplitude of the heart rate's 24-h rhythm, bpm.</summary>
    public double HeartRateRhythm { get; init; } = 7;
    /// <summary>SD of the heart rate, bpm.</summary>
    public double HeartRateSd { get; init; } = 4;
    /// <summary>Activity = max(activity_min, 1 - activity_per_ecog x ECOG - activity_per_burden x burden).</summary>
    public double ActivityPerEcog { get; init; } = 0.28;
    /// <summary>Activity lost per unit of log burden.</summary>
    public double ActivityPerBurden { get; init; } = 0.05;
    /// <summary>Lowest activity.</summary>
    public double ActivityMin { get; init; } = 0.1;
    /// <summary>Steps per 4 h awake at full activity.</summary>
    public double StepsAwake { get; init; } = 1400;
    /// <summary>Steps per 4 h asleep at full activity.</summary>
    public double StepsAsleep { get; init; } = 60;
    /// <summary>Relative amplitude of the steps' rhythm.</summary>
    public double StepsRhythm { get; init; } = 0.3;
    /// <summary>Log-scale SD of steps.</summary>
    public double StepsLogSd { get; init; } = 0.3;
    /// <summary>Median sleep hours per 4 h awake (log-normal).</summary>
    public double SleepAwakeMedian { get; init; } = 0.3;
    /// <summary>Log-scale SD of sleep while awake.</summary>
    public double SleepAwakeLogSd { get; init; } = 0.5;
    /// <summary>Mean sleep hours per 4 h at night.</summary>
    public double SleepNightMean { get; init; } = 3.2;
    /// <summary>SD of sleep at night, hours.</summary>
    public double SleepNightSd { get; init; } = 0.4;
    /// <summary>SpO2 at ECOG 0, %.</summary>
    public double Spo2Base { get; init; } = 96.5;
    /// <summary>SpO2 lost per ECOG point, %.</summary>
    public double Spo2PerEcog { get; init; } = 0.6;
    /// <summary>SD of SpO2, %.</summary>
    public double Spo2Sd { get; init; } = 1.0;
}

/// <summary>
/// Missingness before the cohort's missingness scale: each modality at random, plus informative missingness (omics less
/// often tested at ECOG >= 2, wearables less often worn at age >= 75), and values missing inside a present modality.
/// </summary>
public sealed record MissingnessLinks
{
    /// <summary>Modality -> P(missing at random): clinical, labs, omics, imaging, signals, history, note.</summary>
    public IReadOnlyDictionary<string, double> Modality { get; init; } = new Dictionary<string, double>
    {
        ["clinical"] = 0.02, ["labs"] = 0.05, ["omics"] = 0.08, ["imaging"] = 0.03, ["signals"] = 0.20, ["history"] = 0.05, ["note"] = 0.35,
    };
    /// <summary>Added P(omics missing) at ECOG >= 2.</summary>
    public double OmicsExtraEcog2 { get; init; } = 0.15;
    /// <summary>Added P(wearables missing) at age >= 75.</summary>
    public double SignalsExtraAge75 { get; init; } = 0.2;
    /// <summary>P(no expression panel) when omics are present.</summary>
    public double Expression { get; init; } = 0.2;
    /// <summary>P(TMB not measured) when omics are present.</summary>
    public double Tmb { get; init; } = 0.3;
    /// <summary>P(PD-L1 not measured) when omics are present.</summary>
    public double Pdl1 { get; init; } = 0.05;
    /// <summary>P(one wearable channel of one sample missing).</summary>
    public double WearableValue { get; init; } = 0.05;
}
