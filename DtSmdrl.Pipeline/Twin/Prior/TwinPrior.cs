using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Twin.Prior;

/// <summary>
/// The twin as a parameter distribution: a population prior (<see cref="SamplePopulation"/>), a prior
/// conditioned on a patient's features (<see cref="SampleConditional"/>) and the map from latent
/// coordinates to parameters used by the posterior (<see cref="ToParameters"/>).
/// </summary>
/// <remarks>
/// Latent components (index: parameter, distribution):
/// 0 baseline SLD (log-normal, or measured SLD + N(0, SldMeasurementSd) when given);
/// 1 doubling time (log-normal, clipped) -> g; 2 resistant fraction; 3 gR/g (uniform through Phi(z));
/// 4 mu (log-uniform through Phi(z)); 5 k1; 6 kC; 7 kT (EGFR-mutant or wild-type median);
/// 8 kI; 9 chemotherapy clearance; 10 kinase-inhibitor volume; 11 antibody clearance; 12 Circ0;
/// 13 MTT; 14 neutrophil slope (times the age/ECOG frailty factor); 15 tau_I.
/// Discrete: lesion count (given or uniform 1-5) and responder ~ Bernoulli(<see cref="ResponderProbability"/>).
/// Biomarker mapping: EGFR mutation -> kT median (and kC times KcEgfrMutantFactor); PD-L1 TPS and TMB -> responder probability;
/// age >= 65 and ECOG -> neutrophil sensitivity; ECOG -> death hazard. The death hazard's reference volume is the patient's own baseline volume, so
/// h0 is the hazard at diagnosis and tumour growth (or shrinkage) moves it from there.
/// </remarks>
public sealed class TwinPrior
{
    /// <summary>Number of continuous latent coordinates.</summary>
    public const int LatentDimension = 16;

    /// <summary>Names of the latent coordinates in index order.</summary>
    public static IReadOnlyList<string> LatentNames { get; } =
    [
        "baseline_sld", "doubling_time", "resistant_fraction", "gr_ratio", "mu", "k1", "kC", "kT", "kI",
        "chemo_clearance", "tki_volume", "antibody_clearance", "circ0", "mtt", "slope", "tau_i",
    ];

    private readonly NsclcParameters typical = NsclcParameters.Typical;

    /// <summary>Creates the prior; the defaults of <see cref="TwinPriorOptions"/> are the calibrated ones.</summary>
    public TwinPrior(TwinPriorOptions? options = null)
    {
        Options = options ?? new TwinPriorOptions();
        Options.Validate();
    }

    /// <summary>The prior's settings.</summary>
    public TwinPriorOptions Options { get; }

    /// <summary>Draws a patient from the population: covariates from the population mix, then the conditional prior.</summary>
    public NsclcParameters SamplePopulation(Random rng) => SampleConditional(SampleCovariates(rng), rng);

    /// <summary>Draws covariates from the population mix (EGFR, PD-L1 strata, TMB, age, ECOG).</summary>
    public TwinCovariates SampleCovariates(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var o = Options;
        var egfr = rng.NextDouble() < o.EgfrPrevalence;
        var stratum = rng.NextDouble();
        var tps = stratum < o.TpsHighShare ? 50 + 50 * rng.NextDouble()
            : stratum < o.TpsHighShare + o.TpsLowShare ? 1 + 48.999 * rng.NextDouble()
            : 0.999 * rng.NextDouble();
        var tmb = o.TmbMedian * Math.Exp(o.TmbSigma * StandardNormal.Sample(rng));
        var age = Math.Clamp(o.AgeMean + o.AgeSd * StandardNormal.Sample(rng), 30, 90);
        var e = rng.NextDouble();
        var ecog = e < o.Ecog0Share ? 0 : e < 1 - o.Ecog2Share ? 1 : 2;
        return new TwinCovariates(egfr, tps, tmb, age, ecog);
    }

    /// <summary>Covariates of a patient from the observed record (see the overload for missing values and the SLD convention).</summary>
    public TwinCovariates ObservedCovariates(PatientRecord observed, Random rng, bool useMeasuredSld = true)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var omics = observed.Omics;
        bool? egfr = omics?.SomaticMutations.TryGetValue("EGFR", out var e) == true ? e : null;
        return ObservedCovariates(egfr, omics?.Pdl1TpsPct, omics?.TmbMutPerMb, observed.Clinical?.AgeYears, observed.Clinical?.Ecog,
            observed.Imaging?.LesionDiametersMm, rng, useMeasuredSld);
    }

    /// <summary>
    /// Covariates of a patient from observed values (null = missing): missing ones are drawn from the population mix
    /// (<see cref="SampleCovariates"/>), so missingness widens the patient's twin distribution instead of pretending a
    /// value. With <paramref name="useMeasuredSld"/> the lesions' sum is the measured baseline SLD (z[0] is then its
    /// measurement noise); without, z[0] keeps the population meaning.
    /// </summary>
    public TwinCovariates ObservedCovariates(bool? egfrMutant, double? pdl1Tps, double? tmb, double? ageYears, int? ecog,
        IReadOnlyList<double>? lesionDiametersMm, Random rng, bool useMeasuredSld = true)
    {
        var population = SampleCovariates(rng);
        var measured = lesionDiametersMm is { Count: > 0 };
        return new TwinCovariates(
            egfrMutant ?? population.EgfrMutant,
            pdl1Tps ?? population.Pdl1Tps,
            tmb ?? population.TmbMutPerMb,
            Math.Clamp(ageYears ?? population.AgeYears, 18, 110),
            ecog ?? population.Ecog,
            useMeasuredSld && measured ? lesionDiametersMm!.Sum() : double.NaN,
            measured ? Math.Min(lesionDiametersMm!.Count, 5) : 0);
    }

    /// <summary>Draws a patient given its covariates.</summary>
    public NsclcParameters SampleConditional(TwinCovariates covariates, Random rng) => ToParameters(covariates, SampleLatent(covariates, rng));

    /// <summary>
    /// The single most typical twin given the covariates, for agents that ignore parameter uncertainty: every latent
    /// coordinate at its mean (z = 0), the observed lesion count (3, the middle of 1-5, when unknown), immune responder
    /// when <see cref="ResponderProbability"/> is at least 0.5.
    /// </summary>
    public NsclcParameters PointEstimate(TwinCovariates covariates)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        covariates.Validate();
        var lesions = covariates.LesionCount > 0 ? covariates.LesionCount : 3;
        return ToParameters(covariates, new TwinLatent(new double[LatentDimension], lesions, ResponderProbability(covariates) >= 0.5));
    }

    /// <summary>Draws a latent point from the prior conditioned on the covariates.</summary>
    public TwinLatent SampleLatent(TwinCovariates covariates, Random rng)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        ArgumentNullException.ThrowIfNull(rng);
        covariates.Validate();
        var z = new double[LatentDimension];
        for (var k = 0; k < z.Length; k++)
        {
            z[k] = StandardNormal.Sample(rng);
        }

        var lesions = covariates.LesionCount > 0 ? covariates.LesionCount : 1 + rng.Next(5);
        var responder = rng.NextDouble() < ResponderProbability(covariates);
        return new TwinLatent(z, lesions, responder);
    }

    /// <summary>
    /// P(immune responder): <see cref="TwinPriorOptions.ResponderTpsHigh"/> for TPS >= 50%,
    /// <see cref="TwinPriorOptions.ResponderTpsLow"/> for 1-49%, <see cref="TwinPriorOptions.ResponderTpsNegative"/> below 1%;
    /// the odds are multiplied by <see cref="TwinPriorOptions.TmbHighOddsRatio"/> when TMB >= <see cref="TwinPriorOptions.TmbHighThreshold"/>.
    /// </summary>
    public double ResponderProbability(TwinCovariates covariates)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        var o = Options;
        var p = covariates.Pdl1Tps >= 50 ? o.ResponderTpsHigh : covariates.Pdl1Tps >= 1 ? o.ResponderTpsLow : o.ResponderTpsNegative;
        if (covariates.TmbMutPerMb >= o.TmbHighThreshold && p < 1)
        {
            var odds = p / (1 - p) * o.TmbHighOddsRatio;
            p = odds / (1 + odds);
        }

        return p;
    }

    /// <summary>Maps a latent point to the patient's parameters (see the class remarks).</summary>
    public NsclcParameters ToParameters(TwinCovariates covariates, TwinLatent latent)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        ArgumentNullException.ThrowIfNull(latent);
        if (latent.Z.Length != LatentDimension)
        {
            throw new ArgumentException($"A latent point needs {LatentDimension} coordinates, got {latent.Z.Length}.", nameof(latent));
        }

        var o = Options;
        var z = latent.Z;
        var n = latent.LesionCount;
        var sld = double.IsNaN(covariates.BaselineSldMm)
            ? LogNormal(o.SldMedian, o.SldSigma, z[0], o.SldMin, o.SldMax)
            : Math.Max(covariates.BaselineSldMm + o.SldMeasurementSd * z[0], 10.0);
        var v0 = NsclcDynamics.VolumeFromSld(sld, n);
        var k = Math.Min(o.PlateauRatio * v0, Math.Max(NsclcDynamics.VolumeFromSld(o.PlateauMaxSld, n), 2.5 * v0));
        var doubling = LogNormalCv(o.DoublingMedian, o.DoublingCv, z[1], o.DoublingMin, o.DoublingMax);
        var g = NsclcDynamics.GompertzRateFromDoublingTime(doubling, k / v0);
        var grRatio = o.GrRatioMin + (o.GrRatioMax - o.GrRatioMin) * StandardNormal.Cdf(z[3]);
        var mu = Math.Exp(Math.Log(o.MuMin) + (Math.Log(o.MuMax) - Math.Log(o.MuMin)) * StandardNormal.Cdf(z[4]));
        var kc = LogNormalCv(o.KcMedian, o.KcCv, z[6]) * (covariates.EgfrMutant ? o.KcEgfrMutantFactor : 1.0);
        var kt = covariates.EgfrMutant ? LogNormalCv(o.KtMutantMedian, o.KtMutantCv, z[7]) : LogNormalCv(o.KtWildTypeMedian, o.KtWildTypeCv, z[7]);
        var frailty = (covariates.AgeYears >= 65 ? o.AgeSlopeFactor : 1.0) * Math.Pow(o.EcogSlopeFactor, covariates.Ecog);
        var chemoClearance = LogNormalCv(typical.KeC * typical.VolC, o.ChemoClearanceCv, z[9]);
        var antibodyClearance = LogNormalCv(typical.KeI * typical.VolI, o.AntibodyClearanceCv, z[11]);

        return typical with
        {
            LesionCount = n,
            V0 = v0,
            K = k,
            G = g,
            GR = grRatio * g,
            ResistantFraction = LogNormal(o.ResistantFractionMedian, o.ResistantFractionSigma, z[2], o.ResistantFractionMin, o.ResistantFractionMax),
            Mu = mu,
            K1 = LogNormalCv(o.K1Median, o.K1Cv, z[5], 0.2, 1.0),
            KC = kc,
            KCR = o.KcrRatio * kc,
            KT = kt,
            KI = LogNormalCv(o.KiMedian, o.KiCv, z[8]),
            Responder = latent.Responder ? 1 : 0,
            TauI = LogNormalCv(o.TauIMedian, o.TauICv, z[15], 7, 180),
            VolC = chemoClearance / typical.KeC,
            VolT = LogNormalCv(typical.VolT, o.TkiVolumeCv, z[10]),
            KeI = antibodyClearance / typical.VolI,
            Circ0 = LogNormalCv(typical.Circ0, o.Circ0Cv, z[12], 1.5, 15),
            Mtt = LogNormalCv(typical.Mtt, o.MttCv, z[13]),
            Slope = frailty * LogNormalCv(typical.Slope, o.SlopeCv, z[14]),
            IraeLogit0 = o.IraeLogit0,
            IraeLogitPerDose = o.IraeLogitPerDose,
            TkaeLogit = o.TkaeLogit,
            TkaeDuration = o.TkaeDuration,
            H0 = o.H0 * Math.Pow(o.EcogHazardFactor, covariates.Ecog),
            B1 = o.B1,
            B2 = o.B2,
            B3 = o.B3,
            VRef = v0,
        };
    }

    private static double LogNormal(double median, double sigma, double z, double min = 0, double max = double.PositiveInfinity) =>
        Math.Clamp(median * Math.Exp(sigma * z), min, max);

    private static double LogNormalCv(double median, double cv, double z, double min = 0, double max = double.PositiveInfinity) =>
        LogNormal(median, Math.Sqrt(Math.Log(1 + cv * cv)), z, min, max);
}
