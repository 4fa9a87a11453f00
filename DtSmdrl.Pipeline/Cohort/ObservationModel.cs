using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;

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
/// The numbers are the population's (<see cref="ObservationLinks"/>; the percentages above are the built-in ones).
/// </summary>
public static class ObservationModel
{
    private static readonly string[] NoteSymptoms = ["persistent cough", "dyspnoea on exertion", "chest pain", "haemoptysis", "fatigue", "no symptoms"];

    public static PatientRecord Observe(string id, TwinCovariates cov, TwinLatent latent, in NsclcParameters p, Random rng, CohortOptions options, ObservationLinks links)
    {
        var noise = options.NoiseScale;
        double N(double sd) => sd * noise * StandardNormal.Sample(rng);
        Func<double, double> draw = N;
        bool Missing(string modality, double extra = 0) => rng.NextDouble() < (links.Missingness.Modality[modality] + extra) * options.MissingnessScale;
        // Short names for the population's sections (clinical, mutations, measurement, labs, expression, radiomics, wearables, missingness).
        var (cl, mu, me, lab, ex, ra, we, mi) = (links.Clinical, links.Mutations, links.Measurement, links.Labs, links.Expression, links.Radiomics, links.Wearables, links.Missingness);
        var t0 = options.StartDate;
        var burden = Math.Log(p.V0 / NsclcDynamics.VolumeFromSld(80, 2));   // 0 for a typical tumour
        var growth = Math.Log(p.G / NsclcDynamics.GompertzRateFromDoublingTime(100, 10));
        var resistance = Math.Log(p.ResistantFraction / 0.01);

        // Clinical
        var female = rng.NextDouble() < (cov.EgfrMutant ? cl.FemaleEgfrMutant : cl.FemaleWildType);
        var adeno = cov.EgfrMutant || rng.NextDouble() < cl.AdenocarcinomaWildType;
        var tumourType = adeno ? "nsclc_adenocarcinoma" : rng.NextDouble() < cl.SquamousOfNonAdenocarcinoma ? "nsclc_squamous" : "nsclc_other";
        var neverSmoker = rng.NextDouble() < (cov.EgfrMutant ? cl.NeverSmokerEgfrMutant : cl.NeverSmokerWildType);
        var clinical = new ClinicalData
        {
            AgeYears = Math.Round(cov.AgeYears),
            Sex = female ? "female" : "male",
            Ecog = cov.Ecog,
            TumourType = tumourType,
            Stage = rng.NextDouble() < cl.StageIv ? (rng.NextDouble() < 1 - cl.StageIvbOfIv ? "IVA" : "IVB") : "IIIC",
            PriorLines = 0,
            SmokingPackYears = neverSmoker ? 0 : Math.Round(Math.Exp(Math.Log(cl.PackYearsMedian) + cl.PackYearsLogSd * StandardNormal.Sample(rng))),
        };
        var drivers = new Readout.Drivers(cov.AgeYears, cov.Ecog, burden, growth, resistance, latent.Responder ? 1.0 : 0.0, cov.Pdl1Tps, cov.EgfrMutant, female);

        // Labs
        var labs = new LabPanel
        {
            CollectedAt = t0.AddDays(-2),
            Anc10e9PerL = Round(p.Circ0 * Math.Exp(N(me.AncLogSd)), 2),
            HemoglobinGPerDl = Round(lab.HemoglobinGPerDl.Sample(drivers, draw), 1),
            Platelets10e9PerL = Math.Round(lab.Platelets10e9PerL.Sample(drivers, draw)),
            CreatinineMgPerDl = Round(lab.CreatinineMgPerDl.Sample(drivers, draw), 2),
            EgfrMlPerMin = Math.Round(lab.EgfrMlPerMin.Sample(drivers, draw)),
            AltUPerL = Math.Round(lab.AltUPerL.Sample(drivers, draw)),
            AstUPerL = Math.Round(lab.AstUPerL.Sample(drivers, draw)),
            BilirubinMgPerDl = Round(lab.BilirubinMgPerDl.Sample(drivers, draw), 1),
            LdhUPerL = Math.Round(lab.LdhUPerL.Sample(drivers, draw)),
            AlbuminGPerDl = Round(lab.AlbuminGPerDl.Sample(drivers, draw), 1),
        };

        // Omics
        var kras = !cov.EgfrMutant && rng.NextDouble() < mu.KrasWildType;
        var mutations = new Dictionary<string, bool>
        {
            ["EGFR"] = cov.EgfrMutant && rng.NextDouble() < mu.EgfrAssaySensitivity,
            ["KRAS"] = kras,
            ["TP53"] = rng.NextDouble() < mu.Tp53,
            ["STK11"] = !cov.EgfrMutant && rng.NextDouble() < mu.Stk11WildType,
            ["KEAP1"] = !cov.EgfrMutant && rng.NextDouble() < mu.Keap1WildType,
            ["ALK"] = !cov.EgfrMutant && !kras && rng.NextDouble() < mu.AlkDriverNegative,
            ["BRAF"] = !cov.EgfrMutant && !kras && rng.NextDouble() < mu.BrafDriverNegative,
        };
        var expressionMissing = rng.NextDouble() < mi.Expression * options.MissingnessScale;
        var expression = expressionMissing ? new Dictionary<string, double>() : new Dictionary<string, double>
        {
            ["CD274"] = Round(ex.Cd274.Sample(drivers, draw), 2),
            ["CD8A"] = Round(ex.Cd8a.Sample(drivers, draw), 2),
            ["CXCL9"] = Round(ex.Cxcl9.Sample(drivers, draw), 2),
            ["IFNG"] = Round(ex.Ifng.Sample(drivers, draw), 2),
            ["GZMB"] = Round(ex.Gzmb.Sample(drivers, draw), 2),
            ["EGFR"] = Round(ex.Egfr.Sample(drivers, draw), 2),
            ["ERBB2"] = Round(ex.Erbb2.Sample(drivers, draw), 2),
            ["MKI67"] = Round(ex.Mki67.Sample(drivers, draw), 2),
            ["TOP2A"] = Round(ex.Top2a.Sample(drivers, draw), 2),
            ["ABCB1"] = Round(ex.Abcb1.Sample(drivers, draw), 2),
        };
        var omics = new OmicsProfile
        {
            CollectedAt = t0.AddDays(-14),
            SomaticMutations = mutations,
            DpydActivityScore = rng.NextDouble() is var dpyd && dpyd < mu.DpydActivity1 ? 1.0 : dpyd < Math.Round(mu.DpydActivity1 + mu.DpydActivity15, 12) ? 1.5 : 2.0,
            Ugt1a1PoorMetaboliser = rng.NextDouble() < mu.Ugt1a1PoorMetaboliser,
            TmbMutPerMb = rng.NextDouble() < mi.Tmb * options.MissingnessScale ? null : Round(cov.TmbMutPerMb * Math.Exp(N(me.TmbLogSd)), 1),
            Pdl1TpsPct = rng.NextDouble() < mi.Pdl1 * options.MissingnessScale ? null : Math.Round(Math.Clamp(cov.Pdl1Tps + N(me.Pdl1TpsSd), 0, 100)),
            ExpressionLog2Tpm = expression,
        };

        // Imaging: equal lesions of the twin's baseline volume, each measured with noise (built-in: 2 mm).
        var lesion = NsclcDynamics.SldFromVolume(p.V0, p.LesionCount) / p.LesionCount;
        var diameters = Enumerable.Range(0, p.LesionCount).Select(_ => Round(Math.Max(me.LesionMinMm, lesion + N(me.LesionSdMm)), 1)).ToList();
        var imaging = new ImagingStudy
        {
            AcquiredAt = t0.AddDays(-7),
            LesionDiametersMm = diameters,
            Radiomics = new Dictionary<string, double>
            {
                ["volume_ml"] = Round(p.V0 / 1000 * Math.Exp(N(me.VolumeLogSd)), 2),
                ["sphericity"] = Round(ra.Sphericity.Sample(drivers, draw), 3),
                ["glcm_entropy"] = Round(ra.GlcmEntropy.Sample(drivers, draw), 3),
                ["glcm_contrast"] = Round(ra.GlcmContrast.Sample(drivers, draw), 3),
                ["firstorder_skewness"] = Round(ra.FirstorderSkewness.Sample(drivers, draw), 3),
                ["heterogeneity_index"] = Round(ra.HeterogeneityIndex.Sample(drivers, draw), 3),
            },
        };

        // Wearables: 7 days, one sample every 4 hours.
        var samples = new List<WearableSample>();
        var activity = Math.Max(we.ActivityMin, 1 - we.ActivityPerEcog * cov.Ecog - we.ActivityPerBurden * burden);
        for (var k = 0; k < 42; k++)
        {
            var at = t0.AddDays(-8).AddHours(4 * k);
            var hour = 4 * (k % 6) + 2.0;
            var rhythm = Math.Cos(2 * Math.PI * (hour - 15) / 24);
            var awake = hour is >= 7 and <= 23;
            samples.Add(new WearableSample
            {
                Timestamp = at,
                HeartRateBpm = rng.NextDouble() < mi.WearableValue ? null : Math.Round(we.HeartRateBase + we.HeartRatePerEcog * cov.Ecog + we.HeartRatePerBurden * burden + we.HeartRateRhythm * rhythm + N(we.HeartRateSd)),
                Steps = rng.NextDouble() < mi.WearableValue ? null : Math.Round(Math.Max(0, (awake ? we.StepsAwake : we.StepsAsleep) * activity * (1 + we.StepsRhythm * rhythm) * Math.Exp(N(we.StepsLogSd)))),
                SleepHours = rng.NextDouble() < mi.WearableValue ? null : Round(Math.Clamp(awake ? we.SleepAwakeMedian * Math.Exp(N(we.SleepAwakeLogSd)) : we.SleepNightMean + N(we.SleepNightSd), 0, 4), 2),
                Spo2Pct = rng.NextDouble() < mi.WearableValue ? null : Math.Round(Math.Clamp(we.Spo2Base - we.Spo2PerEcog * cov.Ecog + N(we.Spo2Sd), 80, 100)),
            });
        }

        var priorAdjuvant = rng.NextDouble() < cl.PriorAdjuvantChemotherapy;
        var history = new TreatmentHistory
        {
            Courses = priorAdjuvant
                ? [new TreatmentCourse { Regimen = "chemo_full", DoseFraction = 1.0, Start = t0.AddDays(-600), End = t0.AddDays(-510) }]
                : [],
        };

        var note = $"ECOG {cov.Ecog}. {(neverSmoker ? "Never smoker" : $"Smoker, about {clinical.SmokingPackYears} pack-years")}. "
            + $"Presents with {NoteSymptoms[rng.Next(NoteSymptoms.Length)]}."
            + (cov.Ecog >= 2 ? " Weight loss over the last months." : "")
            + (rng.NextDouble() < cl.NoteMentionsBrainMri ? " Brain MRI without metastases." : "");

        return new PatientRecord
        {
            PatientId = id,
            Clinical = Missing("clinical") ? null : clinical,
            Labs = Missing("labs") ? null : labs,
            Omics = Missing("omics", cov.Ecog >= 2 ? mi.OmicsExtraEcog2 : 0) ? null : omics,
            Imaging = Missing("imaging") ? null : imaging,
            Signals = Missing("signals", cov.AgeYears >= 75 ? mi.SignalsExtraAge75 : 0) ? null : new WearableSignals { Samples = samples },
            History = Missing("history") ? null : history,
            Note = Missing("note") ? null : note,
        };
    }

    private static double Round(double value, int digits) => Math.Round(value, digits);
}
