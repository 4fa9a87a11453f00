using System.Text.Json.Serialization;

namespace DtSmdrl.Pipeline.Data.Records;

/// <summary>
/// One patient at the decision point (schema data-schemas/patient-record.schema.json). Every modality
/// may be missing: a missing modality is null, never imputed by the loaders.
/// </summary>
public sealed record PatientRecord
{
    /// <summary>Contract version this record follows.</summary>
    public string SchemaVersion { get; init; } = "1.0";

    /// <summary>Pseudonymous patient identifier (never logged).</summary>
    public required string PatientId { get; init; }

    public ClinicalData? Clinical { get; init; }

    public LabPanel? Labs { get; init; }

    public OmicsProfile? Omics { get; init; }

    public ImagingStudy? Imaging { get; init; }

    public WearableSignals? Signals { get; init; }

    public TreatmentHistory? History { get; init; }

    /// <summary>Optional free-text clinical note.</summary>
    public string? Note { get; init; }
}

/// <summary>Demographics and clinical status.</summary>
public sealed record ClinicalData
{
    public required double AgeYears { get; init; }

    /// <summary>"female" or "male".</summary>
    public required string Sex { get; init; }

    /// <summary>ECOG performance status 0-4.</summary>
    public required int Ecog { get; init; }

    /// <summary>One of <see cref="Catalogs.TumourTypes"/>.</summary>
    public required string TumourType { get; init; }

    /// <summary>AJCC 8th edition stage group, e.g. "IIIB", "IVA".</summary>
    public required string Stage { get; init; }

    /// <summary>Systemic therapy lines received before this decision.</summary>
    public required int PriorLines { get; init; }

    /// <summary>Smoking history in pack-years; null when not recorded.</summary>
    public double? SmokingPackYears { get; init; }
}

/// <summary>Blood tests of one draw; each value is null when not measured.</summary>
public sealed record LabPanel
{
    public required DateTimeOffset CollectedAt { get; init; }

    /// <summary>Absolute neutrophil count, 10^9/L.</summary>
    [JsonPropertyName("anc_10e9_per_l")]
    public double? Anc10e9PerL { get; init; }

    public double? HemoglobinGPerDl { get; init; }

    [JsonPropertyName("platelets_10e9_per_l")]

    public double? Platelets10e9PerL { get; init; }

    public double? CreatinineMgPerDl { get; init; }

    /// <summary>Estimated glomerular filtration rate, mL/min/1.73 m2.</summary>
    public double? EgfrMlPerMin { get; init; }

    public double? AltUPerL { get; init; }

    public double? AstUPerL { get; init; }

    public double? BilirubinMgPerDl { get; init; }

    public double? LdhUPerL { get; init; }

    public double? AlbuminGPerDl { get; init; }
}

/// <summary>Tumour and germline molecular profile.</summary>
public sealed record OmicsProfile
{
    public DateTimeOffset? CollectedAt { get; init; }

    /// <summary>Somatic mutation status by gene (true = pathogenic variant found); a gene absent was not tested.</summary>
    public IReadOnlyDictionary<string, bool> SomaticMutations { get; init; } = new Dictionary<string, bool>();

    /// <summary>DPYD activity score 0-2 (CPIC); null when not tested.</summary>
    public double? DpydActivityScore { get; init; }

    /// <summary>UGT1A1*28 homozygous (poor metaboliser); null when not tested.</summary>
    [JsonPropertyName("ugt1a1_poor_metaboliser")]
    public bool? Ugt1a1PoorMetaboliser { get; init; }

    /// <summary>Tumour mutational burden, mutations per megabase.</summary>
    public double? TmbMutPerMb { get; init; }

    /// <summary>PD-L1 tumour proportion score, percent 0-100.</summary>
    public double? Pdl1TpsPct { get; init; }

    /// <summary>Expression panel, log2(TPM + 1) by gene; a gene absent was not measured.</summary>
    [JsonPropertyName("expression_log2_tpm")]
    public IReadOnlyDictionary<string, double> ExpressionLog2Tpm { get; init; } = new Dictionary<string, double>();
}

/// <summary>Baseline imaging: RECIST target lesions and radiomics.</summary>
public sealed record ImagingStudy
{
    public required DateTimeOffset AcquiredAt { get; init; }

    /// <summary>Longest diameter of each target lesion, mm (RECIST 1.1: 1-5 lesions, each >= 10 mm).</summary>
    public required IReadOnlyList<double> LesionDiametersMm { get; init; }

    /// <summary>Radiomics features by name (<see cref="Catalogs.RadiomicsFeatures"/>), dimensionless unless named.</summary>
    public IReadOnlyDictionary<string, double> Radiomics { get; init; } = new Dictionary<string, double>();
}

/// <summary>Wearable time series; samples in non-decreasing time order.</summary>
public sealed record WearableSignals
{
    public required IReadOnlyList<WearableSample> Samples { get; init; }
}

/// <summary>One wearable sample; each channel is null when the device did not record it.</summary>
public sealed record WearableSample
{
    public required DateTimeOffset Timestamp { get; init; }

    public double? HeartRateBpm { get; init; }

    /// <summary>Steps since the previous sample.</summary>
    public double? Steps { get; init; }

    /// <summary>Hours asleep since the previous sample.</summary>
    public double? SleepHours { get; init; }

    [JsonPropertyName("spo2_pct")]

    public double? Spo2Pct { get; init; }
}

/// <summary>Systemic treatments given before the decision point.</summary>
public sealed record TreatmentHistory
{
    public required IReadOnlyList<TreatmentCourse> Courses { get; init; }
}

/// <summary>One course of a regimen.</summary>
public sealed record TreatmentCourse
{
    /// <summary>One of <see cref="Catalogs.Regimens"/>.</summary>
    public required string Regimen { get; init; }

    /// <summary>Dose as a fraction of the standard dose (0-1.5).</summary>
    public required double DoseFraction { get; init; }

    public required DateTimeOffset Start { get; init; }

    /// <summary>End of the course; null while ongoing.</summary>
    public DateTimeOffset? End { get; init; }
}
