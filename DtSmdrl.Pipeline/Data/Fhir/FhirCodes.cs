namespace DtSmdrl.Pipeline.Data.Fhir;

/// <summary>
/// The code systems and codes of the FHIR mapping, in one place (the mapping table of
/// DtSmdrl.Host/README.md, "FHIR import", lists the same). Standard codes (LOINC, SNOMED CT, HGNC)
/// are used where one exists; the few items without one (regimens, radiomics, expression, DPYD,
/// UGT1A1, prior lines, wearable samples) use the project's own code system <see cref="Project"/>.
/// </summary>
public static class FhirCodes
{
    public const string Loinc = "http://loinc.org";
    public const string Snomed = "http://snomed.info/sct";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string Hgnc = "http://www.genenames.org/geneId";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";

    /// <summary>The project's code system for items without a standard code.</summary>
    public const string Project = "urn:dtsmdrl:fhir:codes";

    /// <summary>Extension on MedicationAdministration: the dose given as a fraction of the standard dose.</summary>
    public const string DoseFractionExtension = "urn:dtsmdrl:fhir:extension:dose-fraction";

    // Clinical
    public const string AgeLoinc = "30525-0";
    public const string EcogLoinc = "89247-1";
    public const string PackYearsSnomed = "401201003";
    public const string PriorLines = "prior-therapy-lines";

    /// <summary>ECOG answers (LOINC answer list LL529-9): LA code -> grade.</summary>
    public static IReadOnlyDictionary<string, int> EcogAnswers { get; } = new Dictionary<string, int>
    {
        ["LA9622-7"] = 0, ["LA9623-5"] = 1, ["LA9624-3"] = 2, ["LA9625-0"] = 3, ["LA9626-8"] = 4,
    };

    /// <summary>SNOMED CT disorders recognised as the primary cancer, with the tumour type they give.</summary>
    public static IReadOnlyDictionary<string, string> TumourTypeSnomed { get; } = new Dictionary<string, string>
    {
        ["254626006"] = "nsclc_adenocarcinoma",   // Adenocarcinoma of lung
        ["59529006"] = "nsclc_squamous",          // Squamous cell carcinoma of lung
        ["254637007"] = "nsclc_other",            // Non-small cell lung cancer
    };

    /// <summary>Tumour type code in <see cref="Project"/> (the <see cref="Catalogs.TumourTypes"/> name itself).</summary>
    public const string TumourTypeSystem = "urn:dtsmdrl:fhir:codes:tumour-type";

    /// <summary>AJCC 8th edition stage group in Condition.stage.summary (the <see cref="Catalogs.Stages"/> name).</summary>
    public const string StageSystem = "urn:dtsmdrl:fhir:codes:ajcc8-stage-group";

    /// <summary>Regimen code of MedicationAdministration / MedicationRequest (the <see cref="Catalogs.Regimens"/> name).</summary>
    public const string RegimenSystem = "urn:dtsmdrl:fhir:codes:regimen";

    // Omics
    public const string Pdl1Loinc = "83053-9";
    public const string TmbLoinc = "94076-7";
    public const string VariantAssessmentLoinc = "69548-6";
    public const string GeneStudiedLoinc = "48018-6";
    public const string VariantPresentLoinc = "LA9633-4";
    public const string VariantAbsentLoinc = "LA9634-2";
    public const string DpydActivityScore = "dpyd-activity-score";
    public const string Ugt1a1PoorMetaboliser = "ugt1a1-poor-metaboliser";
    public const string Expression = "gene-expression-log2-tpm";

    /// <summary>HGNC identifiers of the genes the contracts name (somatic panel and expression panel).</summary>
    public static IReadOnlyDictionary<string, string> HgncIds { get; } = new Dictionary<string, string>
    {
        ["EGFR"] = "HGNC:3236", ["KRAS"] = "HGNC:6407", ["TP53"] = "HGNC:11998", ["ALK"] = "HGNC:427",
        ["BRAF"] = "HGNC:1097", ["STK11"] = "HGNC:11389", ["KEAP1"] = "HGNC:23177", ["MET"] = "HGNC:7029",
        ["RET"] = "HGNC:9967", ["ROS1"] = "HGNC:10261", ["ERBB2"] = "HGNC:3430", ["CD274"] = "HGNC:17635",
        ["CD8A"] = "HGNC:1706", ["CXCL9"] = "HGNC:7098", ["IFNG"] = "HGNC:5438", ["GZMB"] = "HGNC:4709",
        ["MKI67"] = "HGNC:7107", ["TOP2A"] = "HGNC:11989", ["ABCB1"] = "HGNC:40",
    };

    // Imaging
    public const string TumourSizeLoinc = "21889-1";
    public const string TumourLongestDiameterLoinc = "33728-7";
    public const string RadiomicsPrefix = "radiomics-";

    // Wearables: one Observation per sample, one component per channel.
    public const string WearableSample = "wearable-sample";
    public const string HeartRateLoinc = "8867-4";
    public const string StepsLoinc = "55423-8";
    public const string SleepDurationLoinc = "93832-4";
    public const string Spo2Loinc = "59408-5";

    // History and note
    public const string MedicationHistoryLoinc = "10160-0";
    public const string NoteLoinc = "34109-9";
}
