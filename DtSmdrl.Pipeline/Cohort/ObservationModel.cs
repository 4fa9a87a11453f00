using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Calibration;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Cohort;

/// <summary>
/// Produces the observed multimodal record of a synthetic patient as noisy, partly missing
/// functions of its latent twin (twin-models.md section 6, last paragraph):
/// <list type="bullet">
/// <item>clinical: age and ECOG from the covariates; EGFR-mutant patients are more often female,
/// adenocarcinoma and never-smokers;</item>
/// <item>labs: ANC = Circ0 with 8% assay noise; LDH rises with tumour volume; albumin and haemoglobin fall with ECOG;</item>
/// <item>omics: EGFR status with 97% assay sensitivity; PD-L1 TPS and TMB as measured covariates with
/// noise; T-cell/IFN-gamma genes (CD8A, CXCL9, IFNG, GZMB) read out the immune responder; CD274
/// follows PD-L1; EGFR expression follows the mutation; MKI67/TOP2A follow the growth rate; ABCB1
/// follows the resistant fraction;</item>
/// <item>imaging: lesion diameters of the twin's baseline volume with 2 mm noise; radiomics volume,
/// texture entropy and heterogeneity follow volume and resistant fraction;</item>
/// <item>wearables: 7 days every 4 h; heart rate rises and steps fall with ECOG and tumour burden, with a 24-h rhythm;</item>
/// <item>missingness: random per modality plus informative (omics less often tested when ECOG >= 2,
/// wearables less often worn at age >= 75).</item>
/// </list>
/// All noise scales with <see cref="CohortOptions.NoiseScale"/>; all missingness with <see cref="CohortOptions.MissingnessScale"/>.
/// </summary>
public static class ObservationModel
{
    /// <summary>Probability that each modality is missing at random.</summary>
    public static IReadOnlyDictionary<string, double> RandomMissingness { get; } = new Dictionary<string, double>
    {
        ["clinical"] = 0.02, ["labs"] = 0.05, ["omics"] = 0.08, ["imaging"] = 0.03, ["signals"] = 0.20, ["history"] = 0.05, ["note"] = 0.35,
    };

    private static readonly string[] NoteSymptoms = ["persistent cough", "dyspnoea on exertion", "chest pain", "haemoptysis", "fatigue", "no symptoms"];

    public static PatientRecord Observe(string id, TwinCovariates cov, TwinLatent latent, in NsclcParameters p, Random rng, CohortOptions options)
    {
        var noise = options.NoiseScale;
        double N(double sd) => sd * noise * StandardNormal.Sample(rng);
        bool Missing(string modality, double extra = 0) => rng.NextDouble() < (RandomMissingness[modality] + extra) * options.MissingnessScale;
        var t0 = options.StartDate;
        var burden = Math.Log(p.V0 / NsclcDynamics.VolumeFromSld(80, 2));   // 0 for a typical tumour
        var growth = Math.Log(p.G / NsclcDynamics.GompertzRateFromDoublingTime(100, 10));
        var resistance = Math.Log(p.ResistantFraction / 0.01);

        // Clinical
        var female = rng.NextDouble() < (cov.EgfrMutant ? 0.62 : 0.42);
        var adeno = cov.EgfrMutant || rng.NextDouble() < 0.6;
        var tumourType = adeno ? "nsclc_adenocarcinoma" : rng.NextDouble() < 0.8 ? "nsclc_squamous" : "nsclc_other";
        var neverSmoker = rng.NextDouble() < (cov.EgfrMutant ? 0.65 : 0.12);
        var clinical = new ClinicalData
        {
            AgeYears = Math.Round(cov.AgeYears),
            Sex = female ? "female" : "male",
            Ecog = cov.Ecog,
            TumourType = tumourType,
            Stage = rng.NextDouble() < 0.85 ? (rng.NextDouble() < 0.5 ? "IVA" : "IVB") : "IIIC",
            PriorLines = 0,
            SmokingPackYears = neverSmoker ? 0 : Math.Round(Math.Exp(Math.Log(30) + 0.5 * StandardNormal.Sample(rng))),
        };

        // Labs
        var labs = new LabPanel
        {
            CollectedAt = t0.AddDays(-2),
            Anc10e9PerL = Round(p.Circ0 * Math.Exp(N(0.08)), 2),
            HemoglobinGPerDl = Round(Math.Clamp(12.8 - 0.5 * cov.Ecog - 0.3 * burden + N(1.0), 6, 18), 1),
            Platelets10e9PerL = Math.Round(Math.Clamp(250 + 25 * burden + N(60), 40, 800)),
            CreatinineMgPerDl = Round(Math.Clamp((female ? 0.75 : 0.95) * Math.Exp(0.006 * (cov.AgeYears - 60) + N(0.15)), 0.3, 4), 2),
            EgfrMlPerMin = Math.Round(Math.Clamp(135 - 0.9 * cov.AgeYears + N(12), 10, 150)),
            AltUPerL = Math.Round(22 * Math.Exp(N(0.35))),
            AstUPerL = Math.Round(24 * Math.Exp(N(0.3))),
            BilirubinMgPerDl = Round(0.6 * Math.Exp(N(0.3)), 1),
            LdhUPerL = Math.Round(Math.Clamp(210 * Math.Exp(0.25 * burden + N(0.2)), 90, 3000)),
            AlbuminGPerDl = Round(Math.Clamp(4.1 - 0.3 * cov.Ecog - 0.1 * burden + N(0.3), 1.5, 5.5), 1),
        };

        // Omics
        var responder = latent.Responder ? 1.0 : 0.0;
        var kras = !cov.EgfrMutant && rng.NextDouble() < 0.32;
        var mutations = new Dictionary<string, bool>
        {
            ["EGFR"] = cov.EgfrMutant && rng.NextDouble() < 0.97,
            ["KRAS"] = kras,
            ["TP53"] = rng.NextDouble() < 0.5,
            ["STK11"] = !cov.EgfrMutant && rng.NextDouble() < 0.15,
            ["KEAP1"] = !cov.EgfrMutant && rng.NextDouble() < 0.12,
            ["ALK"] = !cov.EgfrMutant && !kras && rng.NextDouble() < 0.04,
            ["BRAF"] = !cov.EgfrMutant && !kras && rng.NextDouble() < 0.03,
        };
        var expressionMissing = rng.NextDouble() < 0.2 * options.MissingnessScale;
        var expression = expressionMissing ? new Dictionary<string, double>() : new Dictionary<string, double>
        {
            ["CD274"] = Round(Math.Max(0, 1.5 + 0.045 * cov.Pdl1Tps + N(0.5)), 2),
            ["CD8A"] = Round(Math.Max(0, 3.0 + 1.2 * responder + N(0.7)), 2),
            ["CXCL9"] = Round(Math.Max(0, 3.5 + 1.6 * responder + N(0.8)), 2),
            ["IFNG"] = Round(Math.Max(0, 1.5 + 1.3 * responder + N(0.7)), 2),
            ["GZMB"] = Round(Math.Max(0, 3.0 + 1.2 * responder + N(0.7)), 2),
            ["EGFR"] = Round(Math.Max(0, 6.0 + 1.8 * (cov.EgfrMutant ? 1 : 0) + N(0.6)), 2),
            ["ERBB2"] = Round(Math.Max(0, 4.5 + N(0.6)), 2),
            ["MKI67"] = Round(Math.Max(0, 5.0 + 1.5 * growth + N(0.5)), 2),
            ["TOP2A"] = Round(Math.Max(0, 5.5 + 1.2 * growth + N(0.6)), 2),
            ["ABCB1"] = Round(Math.Max(0, 3.0 + 0.8 * resistance + N(0.5)), 2),
        };
        var omics = new OmicsProfile
        {
            CollectedAt = t0.AddDays(-14),
            SomaticMutations = mutations,
            DpydActivityScore = rng.NextDouble() switch { < 0.02 => 1.0, < 0.05 => 1.5, _ => 2.0 },
            Ugt1a1PoorMetaboliser = rng.NextDouble() < 0.1,
            TmbMutPerMb = rng.NextDouble() < 0.3 * options.MissingnessScale ? null : Round(cov.TmbMutPerMb * Math.Exp(N(0.15)), 1),
            Pdl1TpsPct = rng.NextDouble() < 0.05 * options.MissingnessScale ? null : Math.Round(Math.Clamp(cov.Pdl1Tps + N(3), 0, 100)),
            ExpressionLog2Tpm = expression,
        };

        // Imaging: equal lesions of the twin's baseline volume, measured with 2 mm noise each.
        var lesion = NsclcDynamics.SldFromVolume(p.V0, p.LesionCount) / p.LesionCount;
        var diameters = Enumerable.Range(0, p.LesionCount).Select(_ => Round(Math.Max(10, lesion + N(2.0)), 1)).ToList();
        var imaging = new ImagingStudy
        {
            AcquiredAt = t0.AddDays(-7),
            LesionDiametersMm = diameters,
            Radiomics = new Dictionary<string, double>
            {
                ["volume_ml"] = Round(p.V0 / 1000 * Math.Exp(N(0.1)), 2),
                ["sphericity"] = Round(Math.Clamp(0.75 - 0.05 * growth + N(0.06), 0.2, 1), 3),
                ["glcm_entropy"] = Round(5.0 + 0.45 * resistance + N(0.3), 3),
                ["glcm_contrast"] = Round(Math.Exp(1.0 + N(0.4)), 3),
                ["firstorder_skewness"] = Round(N(0.5), 3),
                ["heterogeneity_index"] = Round(Math.Clamp(0.2 + 0.06 * resistance + N(0.04), 0, 1), 3),
            },
        };

        // Wearables: 7 days, one sample every 4 hours.
        var samples = new List<WearableSample>();
        var activity = Math.Max(0.1, 1 - 0.28 * cov.Ecog - 0.05 * burden);
        for (var k = 0; k < 42; k++)
        {
            var at = t0.AddDays(-8).AddHours(4 * k);
            var hour = 4 * (k % 6) + 2.0;
            var rhythm = Math.Cos(2 * Math.PI * (hour - 15) / 24);
            var awake = hour is >= 7 and <= 23;
            samples.Add(new WearableSample
            {
                Timestamp = at,
                HeartRateBpm = rng.NextDouble() < 0.05 ? null : Math.Round(72 + 4 * cov.Ecog + 3 * burden + 7 * rhythm + N(4)),
                Steps = rng.NextDouble() < 0.05 ? null : Math.Round(Math.Max(0, (awake ? 1400 : 60) * activity * (1 + 0.3 * rhythm) * Math.Exp(N(0.3)))),
                SleepHours = rng.NextDouble() < 0.05 ? null : Round(Math.Clamp(awake ? 0.3 * Math.Exp(N(0.5)) : 3.2 + N(0.4), 0, 4), 2),
                Spo2Pct = rng.NextDouble() < 0.05 ? null : Math.Round(Math.Clamp(96.5 - 0.6 * cov.Ecog + N(1.0), 80, 100)),
            });
        }

        var priorAdjuvant = rng.NextDouble() < 0.08;
        var history = new TreatmentHistory
        {
            Courses = priorAdjuvant
                ? [new TreatmentCourse { Regimen = "chemo_full", DoseFraction = 1.0, Start = t0.AddDays(-600), End = t0.AddDays(-510) }]
                : [],
        };

        var note = $"ECOG {cov.Ecog}. {(neverSmoker ? "Never smoker" : $"Smoker, about {clinical.SmokingPackYears} pack-years")}. "
            + $"Presents with {NoteSymptoms[rng.Next(NoteSymptoms.Length)]}."
            + (cov.Ecog >= 2 ? " Weight loss over the last months." : "")
            + (rng.NextDouble() < 0.15 ? " Brain MRI without metastases." : "");

        return new PatientRecord
        {
            PatientId = id,
            Clinical = Missing("clinical") ? null : clinical,
            Labs = Missing("labs") ? null : labs,
            Omics = Missing("omics", cov.Ecog >= 2 ? 0.15 : 0) ? null : omics,
            Imaging = Missing("imaging") ? null : imaging,
            Signals = Missing("signals", cov.AgeYears >= 75 ? 0.2 : 0) ? null : new WearableSignals { Samples = samples },
            History = Missing("history") ? null : history,
            Note = Missing("note") ? null : note,
        };
    }

    private static double Round(double value, int digits) => Math.Round(value, digits);
}
