using DtSmdrl.Pipeline.Statistics;
using DtSmdrl.Pipeline.Twin.Calibration;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Tests.Twin;

[TestClass]
public sealed class CalibrationTests
{
    [TestMethod]
    public void KaplanMeierMedianOnAHandMadeSample()
    {
        // Times 1..10 with 3 and 7 censored: S drops at each event; the median is the first time S <= 0.5.
        double[] times = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        bool[] events = [true, true, false, true, true, true, false, true, true, true];
        // S(1)=0.9, S(2)=0.8, S(4)=0.8*6/7=0.686, S(5)=0.571, S(6)=0.457 -> median 6.
        Assert.AreEqual(6.0, KaplanMeier.Median(times, events));
        Assert.IsTrue(double.IsNaN(KaplanMeier.Median([1.0, 2, 3], [true, false, false])), "S(1) = 2/3, then only censoring: not reached");
        Assert.AreEqual(5.5, KaplanMeier.RestrictedMean([1.0, 10], [false, false], 5.5), 1e-12, "no events: area = horizon");
    }

    [TestMethod]
    public void CoxRecoversAKnownHazardRatio()
    {
        var rng = new Random(4);
        double Exp(double rate) => -Math.Log(1 - rng.NextDouble()) / rate;
        var treated = Enumerable.Range(0, 3000).Select(_ => Exp(0.5)).ToArray();
        var control = Enumerable.Range(0, 3000).Select(_ => Exp(1.0)).ToArray();
        // Censor at 2 and round to a coarse grid to create ties like a scan schedule.
        double Grid(double t) => Math.Ceiling(Math.Min(t, 2.0) * 5) / 5;
        var hr = CoxHazardRatio.Estimate(
            treated.Select(Grid).ToArray(), treated.Select(t => t < 2).ToArray(),
            control.Select(Grid).ToArray(), control.Select(t => t < 2).ToArray());
        Assert.AreEqual(0.5, hr, 0.05);
    }

    [TestMethod]
    public void PointEstimateIsTheMedianTwinOfTheConditionalPrior()
    {
        var prior = new TwinPrior();
        var covariates = new TwinCovariates(false, 80, 15, 60, 1, BaselineSldMm: 70, LesionCount: 2);
        var point = prior.PointEstimate(covariates);
        Assert.AreEqual(point, prior.PointEstimate(covariates));
        Assert.AreEqual(prior.ToParameters(covariates, new TwinLatent(new double[TwinPrior.LatentDimension], 2, Responder: true)), point);
        // Each monotone parameter of the point estimate is the median of the conditional samples (z = 0 is every coordinate's median).
        var rng = new Random(5);
        var samples = Enumerable.Range(0, 2001).Select(_ => prior.SampleConditional(covariates, rng)).Where(p => p.Responder == point.Responder).Select(p => p.G).Order().ToList();
        var rank = samples.Count(g => g < point.G) / (double)samples.Count;
        Assert.IsTrue(rank is > 0.45 and < 0.55, $"the point estimate's growth rate sits at quantile {rank:F3} of the samples");
    }

    [TestMethod]
    public void ConditionalPriorFollowsTheBiomarkers()
    {
        var prior = new TwinPrior();
        var rng = new Random(1);
        var mutant = new TwinCovariates(true, 10, 4, 60, 0);
        var wildType = mutant with { EgfrMutant = false };
        var mutantKt = Enumerable.Range(0, 400).Average(_ => prior.SampleConditional(mutant, rng).KT);
        var wildKt = Enumerable.Range(0, 400).Average(_ => prior.SampleConditional(wildType, rng).KT);
        Assert.IsGreaterThan(10 * wildKt, mutantKt, "EGFR mutation drives kT");

        Assert.AreEqual(prior.Options.ResponderTpsHigh, prior.ResponderProbability(wildType with { Pdl1Tps = 80 }));
        Assert.AreEqual(prior.Options.ResponderTpsLow, prior.ResponderProbability(wildType with { Pdl1Tps = 20 }));
        Assert.AreEqual(prior.Options.ResponderTpsNegative, prior.ResponderProbability(wildType with { Pdl1Tps = 0 }));
        Assert.IsGreaterThan(prior.ResponderProbability(wildType with { Pdl1Tps = 80 }), prior.ResponderProbability(wildType with { Pdl1Tps = 80, TmbMutPerMb = 15 }));

        var frail = wildType with { AgeYears = 75, Ecog = 2 };
        var latent = prior.SampleLatent(wildType, new Random(3));
        Assert.IsGreaterThan(prior.ToParameters(wildType, latent).Slope, prior.ToParameters(frail, latent).Slope, "older, frailer patients are more neutrophil-sensitive");

        var population = Enumerable.Range(0, 300).Select(_ => prior.SamplePopulation(rng)).ToArray();
        foreach (var (p, i) in population.Select((p, i) => (p, i)))
        {
            p.Validate($"population patient {i}");
        }

        Assert.ThrowsExactly<ArgumentException>(() => new TwinPrior(new TwinPriorOptions { KcMedian = -1 }));
        Assert.ThrowsExactly<ArgumentException>(() => prior.SampleConditional(wildType with { Pdl1Tps = 120 }, rng));
    }

    [TestMethod]
    public void SmallVirtualTrialsKeepTheTrialOrdering()
    {
        // A small, short version of the calibration (the full table is a benchmark-sized run).
        var calibration = new TwinCalibration(options: new TwinCalibrationOptions { PatientsPerArm = 120, FollowUpDays = 252 });
        var rows = calibration.Run();
        Assert.HasCount(6, rows);
        foreach (var row in rows)
        {
            Assert.IsTrue(row.SimulatedOrr is >= 0 and <= 1, row.Trial + " " + row.Arm);
            Assert.AreEqual(row.Passed, string.IsNullOrEmpty(row.Reason), "a failed row gives its reason");
        }

        var pembro = rows[0];
        var keynoteChemo = rows[1];
        var tki = rows[2];
        var wildTypeTki = rows[4];
        Assert.IsGreaterThan(keynoteChemo.SimulatedOrr, pembro.SimulatedOrr, "PD-L1 high: pembrolizumab responds more than chemotherapy");
        Assert.IsGreaterThan(0.5, tki.SimulatedOrr, "EGFR-mutant TKI ORR");
        Assert.IsLessThan(0.05, wildTypeTki.SimulatedOrr, "wild-type TKI ORR");
        StringAssert.Contains(TwinCalibration.FormatTable(rows), "| KEYNOTE-024 (Reck 2016) |");
    }

    [TestMethod]
    public void ToxicityTableAttributesEventsToTheirRegimens()
    {
        var calibration = new TwinCalibration(options: new TwinCalibrationOptions { PatientsPerArm = 150, FollowUpDays = 252 });
        var rows = calibration.RunToxicity();
        Assert.HasCount(4, rows);
        var (pembro, keynoteChemo, gefitinib, carboPaclitaxel) = (rows[0], rows[1], rows[2], rows[3]);
        foreach (var row in rows)
        {
            Assert.IsTrue(row.Simulated is >= 0 and <= 1, row.Arm);
            Assert.IsTrue(row.Simulated >= Math.Max(row.Neutropenia, Math.Max(row.ImmuneEvents, row.TargetedEvents)), $"{row.Arm}: any event covers each kind");
            Assert.AreEqual(row.Passed, string.IsNullOrEmpty(row.Reason), "a failed row gives its reason");
        }

        Assert.AreEqual(0.0, pembro.Neutropenia + pembro.TargetedEvents, "the antibody causes irAEs only");
        Assert.IsGreaterThan(0.0, pembro.ImmuneEvents);
        Assert.AreEqual(0.0, gefitinib.Neutropenia + gefitinib.ImmuneEvents, "the kinase inhibitor causes targeted-therapy events only");
        Assert.IsGreaterThan(0.0, gefitinib.TargetedEvents);
        Assert.AreEqual(0.0, keynoteChemo.ImmuneEvents + keynoteChemo.TargetedEvents + carboPaclitaxel.ImmuneEvents + carboPaclitaxel.TargetedEvents);
        Assert.IsGreaterThan(pembro.Simulated, keynoteChemo.Simulated, "KEYNOTE-024: chemotherapy is the more toxic arm");
        Assert.IsGreaterThan(gefitinib.Simulated, carboPaclitaxel.Simulated, "IPASS: chemotherapy is the more toxic arm");
        StringAssert.Contains(TwinCalibration.FormatToxicityTable(rows), "| IPASS (Mok 2009) |");
    }
}
