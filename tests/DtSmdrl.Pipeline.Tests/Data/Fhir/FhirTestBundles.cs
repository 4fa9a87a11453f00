using DtSmdrl.Pipeline.Data.Fhir;
using DtSmdrl.Pipeline.Data.Records;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using ImagingStudy = DtSmdrl.Pipeline.Data.Records.ImagingStudy;

namespace DtSmdrl.Pipeline.Tests.Data.Fhir;

/// <summary>A record with every field filled, and helpers to edit its bundle before import.</summary>
internal static class FhirTestBundles
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 4, 10, 30, 0, TimeSpan.FromHours(1));

    public static PatientRecord Full(string id = "P-full_1") => new()
    {
        PatientId = id,
        Clinical = new ClinicalData { AgeYears = 67.5, Sex = "female", Ecog = 1, TumourType = "nsclc_adenocarcinoma", Stage = "IVA", PriorLines = 1, SmokingPackYears = 12.5 },
        Labs = new LabPanel
        {
            CollectedAt = T0.AddDays(-2), Anc10e9PerL = 4.37, HemoglobinGPerDl = 11.9, Platelets10e9PerL = 312, CreatinineMgPerDl = 0.83,
            EgfrMlPerMin = 78, AltUPerL = 21, AstUPerL = 27, BilirubinMgPerDl = 0.6, LdhUPerL = 244, AlbuminGPerDl = 3.8,
        },
        Omics = new OmicsProfile
        {
            CollectedAt = T0.AddDays(-14),
            SomaticMutations = new Dictionary<string, bool> { ["EGFR"] = true, ["KRAS"] = false, ["TP53"] = true, ["MET"] = false },
            DpydActivityScore = 1.5, Ugt1a1PoorMetaboliser = false, TmbMutPerMb = 7.3, Pdl1TpsPct = 55,
            ExpressionLog2Tpm = new Dictionary<string, double> { ["CD274"] = 4.12, ["EGFR"] = 7.95, ["ABCB1"] = 0.0 },
        },
        Imaging = new ImagingStudy
        {
            AcquiredAt = T0.AddDays(-7), LesionDiametersMm = [23.4, 15.0, 11.2],
            Radiomics = new Dictionary<string, double> { ["volume_ml"] = 18.25, ["sphericity"] = 0.712, ["firstorder_skewness"] = -0.331 },
        },
        Signals = new WearableSignals
        {
            Samples =
            [
                new WearableSample { Timestamp = T0.AddDays(-3), HeartRateBpm = 74, Steps = 1250, SleepHours = 0.25, Spo2Pct = 96 },
                new WearableSample { Timestamp = T0.AddDays(-3).AddHours(4), HeartRateBpm = null, Steps = 80, SleepHours = 3.4, Spo2Pct = null },
                new WearableSample { Timestamp = T0.AddDays(-3).AddHours(4) },
            ],
        },
        History = new TreatmentHistory
        {
            Courses =
            [
                new TreatmentCourse { Regimen = "chemo_full", DoseFraction = 1.0, Start = T0.AddDays(-400), End = T0.AddDays(-310) },
                new TreatmentCourse { Regimen = "targeted", DoseFraction = 0.75, Start = T0.AddDays(-60) },
            ],
        },
        Note = "ECOG 1. Présente une toux — never smoker \"quoted\".",
    };

    public static Bundle BundleOf(PatientRecord record) => PatientRecordFhirWriter.ToBundle(record);

    /// <summary>The Observation of a bundle with the given LOINC (or project) code.</summary>
    public static Observation Observation(Bundle bundle, string code) =>
        bundle.Entry.Select(e => e.Resource).OfType<Observation>().First(o => o.Code.Coding.Any(c => c.Code == code));

    public static int EntryOf(Bundle bundle, Resource resource) => bundle.Entry.FindIndex(e => ReferenceEquals(e.Resource, resource));

    public static string Write(TestFiles files, string name, Bundle bundle) => files.Write(name, bundle.ToJson(pretty: true));
}
