using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Tests.Twin;

[TestClass]
public sealed class PosteriorTests
{
    private static readonly TwinPrior Prior = new();
    private static readonly TwinCovariates Patient = new(EgfrMutant: false, Pdl1Tps: 60, TmbMutPerMb: 5, AgeYears: 60, Ecog: 0, LesionCount: 2);
    private static readonly int[] Plan = [ActionSet.NsclcDefault.IndexOf("chemo_full")];
    private static readonly int[] AncDays = [0, 4, 7, 10, 14, 21];
    private static readonly int[] SldDays = [21];

    /// <summary>Simulates a patient from known latents and measures it with the posterior's noise model.</summary>
    private static (NsclcParameters Truth, TwinCovariates Covariates, ObservedHistory History) Observe(int seed)
    {
        var rng = new Random(seed);
        var latent = Prior.SampleLatent(Patient, rng);
        var truth = Prior.ToParameters(Patient, latent);
        var sim = new NsclcBatchSimulator(1, new NsclcSimulationOptions { DeathEnabled = false, IraeEnabled = false, TargetedEventsEnabled = false });
        sim.RecordDaily(21);
        sim.Reset([truth], [0UL]);
        foreach (var action in Plan)
        {
            sim.Advance([action]);
        }

        var options = new PosteriorOptions();
        var ancSigma = Math.Sqrt(Math.Log(1 + options.AncNoiseCv * options.AncNoiseCv));
        double NoisySld(double sld) => Math.Max(0, sld + Math.Sqrt(4 + Math.Pow(0.05 * sld, 2)) * StandardNormal.Sample(rng));
        var baseline = NoisySld(NsclcDynamics.SldFromVolume(truth.V0, truth.LesionCount));
        var sld = SldDays.Select(d => new Measurement(d, NoisySld(NsclcDynamics.SldFromVolume(sim.RecordedVolume(0, d), truth.LesionCount)))).ToArray();
        var anc = AncDays.Select(d => new Measurement(d, sim.RecordedAnc(0, d) * Math.Exp(ancSigma * StandardNormal.Sample(rng) - 0.5 * ancSigma * ancSigma))).ToArray();
        return (truth, Patient with { BaselineSldMm = baseline }, new ObservedHistory(Plan, sld, anc));
    }

    private static readonly (string Name, Func<NsclcParameters, double> Value)[] Checked =
    [
        ("g", p => p.G), ("kC", p => p.KC), ("Circ0", p => p.Circ0), ("slope", p => p.Slope), ("MTT", p => p.Mtt),
    ];

    [TestMethod]
    public void PosteriorIntervalsCoverTheTrueParameters()
    {
        // Kept cheap for a unit test: 20 repeats x 100 particles with 2 move sweeps, one cycle of chemotherapy data
        // (ANC on days 0-21 and the day-21 SLD), two updates as the data arrive, repeats run in parallel
        // (each is deterministic in its own seed). Measured coverage 0.76 (nominal 0.90): the gap is the
        // Monte Carlo error of 100 particles (tail quantiles of a resampled cloud are too narrow); larger
        // runs gave 0.76-0.81, see Twin/README.md. The bound below catches a broken sampler (0.6 or less).
        const int repeats = 20;
        var results = new (bool[] Covered, string[] Missed, bool NarrowCirc0)[repeats];
        Parallel.For(0, repeats, new ParallelOptions { MaxDegreeOfParallelism = 2 }, r =>
        {
            var (truth, covariates, history) = Observe(100 + r);
            var posterior = new TwinPosterior(Prior, covariates, new PosteriorOptions { Particles = 100, MoveSweeps = 2, Seed = r });
            posterior.Update(history with { Sld = [], Anc = history.Anc.Where(m => m.Day <= 10).ToArray() });
            posterior.Update(history);
            var covered = new bool[Checked.Length];
            var missed = new List<string>();
            var narrow = false;
            for (var k = 0; k < Checked.Length; k++)
            {
                var (name, value) = Checked[k];
                var (_, lower, upper) = posterior.Summarise(value, 0.9);
                var t = value(truth);
                covered[k] = t >= lower && t <= upper;
                if (!covered[k])
                {
                    missed.Add($"repeat {r} {name}: {t:G4} outside [{lower:G4}, {upper:G4}]");
                }

                if (name == "Circ0")
                {
                    // Prior 90% width of Circ0 is about 2 x 1.645 x 0.40 x median; blood counts should halve it.
                    narrow = upper - lower < 0.5 * 2 * 1.645 * 0.40 * truth.Circ0;
                }
            }

            results[r] = (covered, missed.ToArray(), narrow);
        });

        var coverage = results.Average(x => x.Covered.Average(c => c ? 1.0 : 0.0));
        var misses = string.Join("; ", results.SelectMany(x => x.Missed));
        if (Environment.GetEnvironmentVariable("DT_POSTDIAG") is { } diag)
        {
            File.WriteAllText(diag, $"coverage {coverage}\n{misses}");
        }

        Assert.IsGreaterThanOrEqualTo(0.70, coverage, $"90% intervals covered {coverage:P0}; misses: {misses}");
        Assert.IsLessThanOrEqualTo(0.99, coverage, "intervals should not be trivially wide");
        Assert.IsGreaterThanOrEqualTo(repeats * 0.8, results.Count(x => x.NarrowCirc0), "the blood counts identify Circ0: its interval shrinks well below the prior's");
    }

    [TestMethod]
    public void CounterfactualPlansShareNoiseAndDiffer()
    {
        var (_, covariates, history) = Observe(7);
        var posterior = new TwinPosterior(Prior, covariates, new PosteriorOptions { Particles = 200, MoveSweeps = 2, Seed = 3 });
        posterior.Update(history);
        var hold = ActionSet.NsclcDefault.IndexOf("hold");
        var chemo = ActionSet.NsclcDefault.IndexOf("chemo_full");
        int[] factual = [.. Plan, chemo, chemo];
        int[] counterfactual = [.. Plan, hold, hold];
        var a = CounterfactualSimulator.Predict(posterior, factual, samples: 100);
        var again = CounterfactualSimulator.Predict(posterior, factual, samples: 100);
        var b = CounterfactualSimulator.Predict(posterior, counterfactual, samples: 100);
        CollectionAssert.AreEqual(a.SldMedian.ToArray(), again.SldMedian.ToArray(), "deterministic");
        for (var c = 0; c < Plan.Length; c++)
        {
            Assert.AreEqual(a.SldMedian[c], b.SldMedian[c], 1e-12, $"cycle {c} is shared history");
        }

        Assert.IsLessThan(b.SldMedian[^1], a.SldMedian[^1], "two more chemotherapy cycles shrink the tumour more than holding");
        Assert.IsLessThan(a.SldUpper[^1], a.SldLower[^1] - 1e-9 < a.SldUpper[^1] ? a.SldLower[^1] : double.MaxValue, "interval ordered");
        Assert.IsGreaterThan(b.SevereToxicityProbability, a.SevereToxicityProbability + 1e-12, "more chemotherapy, more toxicity");
    }

    [TestMethod]
    public void BadHistoriesAreRejected()
    {
        var posterior = new TwinPosterior(Prior, Patient, new PosteriorOptions { Particles = 10 });
        var beyond = Assert.ThrowsExactly<ArgumentException>(() => posterior.Update(new ObservedHistory([0], [new Measurement(30, 50)], [])));
        StringAssert.Contains(beyond.Message, "SLD measurement 0");
        var negative = Assert.ThrowsExactly<ArgumentException>(() => posterior.Update(new ObservedHistory([0], [], [new Measurement(7, -1)])));
        StringAssert.Contains(negative.Message, "ANC measurement 0");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => posterior.Update(new ObservedHistory([9], [], [])));
    }
}
