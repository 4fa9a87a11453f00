using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Twin.Inference;

/// <summary>
/// A personalised twin as a weighted particle set over the prior's latent space
/// (<see cref="TwinPrior"/>, conditioned on the patient's covariates, or a per-patient <see cref="GaussianLatentPrior"/>), updated by importance sampling
/// when outcomes arrive (<see cref="Update"/>): the new measurements' likelihood is brought in by
/// adaptive tempering (each stage raises its power as far as keeps the effective sample size at the
/// threshold), with systematic resampling and Metropolis-Hastings moves after every stage against degeneracy.
/// </summary>
/// <remarks>
/// Likelihood: every particle is simulated (deterministically: no death, no irAE draw) under the
/// actions given; SLD ~ N(true SLD, sqrt(a^2 + (cv SLD)^2)), log ANC ~ N(log true ANC - s^2/2, s)
/// with s^2 = ln(1 + cv^2), the same noise model as the simulator.
/// Moves: Gaussian random walk in the latent space with covariance ProposalScale^2 times the particle
/// cloud's covariance (adapts from prior-wide to posterior-narrow and follows correlations); target prior N(0, I) x tempered
/// likelihood (N(mean, diag sd^2) for a Gaussian start); the responder latent is flipped with probability ResponderFlipProbability and the prior
/// odds in the ratio. The lesion count stays as given (or as first drawn).
/// <see cref="Update"/> takes the whole history so far; only measurements not yet seen change the weights.
/// </remarks>
public sealed class TwinPosterior
{
    private readonly TwinPrior prior;
    private readonly TwinCovariates covariates;
    private readonly PosteriorOptions options;
    private readonly Random rng;
    private readonly double responderPrior;
    private readonly GaussianLatentPrior start;
    private readonly NsclcBatchSimulator simulator;
    private readonly NsclcParameters[] parameterBuffer;
    private readonly ulong[] seeds;
    private TwinLatent[] particles;
    private double[] logWeights;
    private int recordedDays;
    private int seenSld;
    private int seenAnc;

    /// <summary>Starts from the prior conditioned on <paramref name="covariates"/>.</summary>
    public TwinPosterior(TwinPrior prior, TwinCovariates covariates, PosteriorOptions? options = null)
        : this(prior, covariates, null, options)
    {
    }

    /// <summary>
    /// Starts from <paramref name="start"/> (a per-patient Gaussian over the latents and a responder probability, e.g. a
    /// learned prior) instead of the prior conditioned on <paramref name="covariates"/>; null = that conditioned prior.
    /// The covariates still map latents to parameters.
    /// </summary>
    public TwinPosterior(TwinPrior prior, TwinCovariates covariates, GaussianLatentPrior? start, PosteriorOptions? options = null)
    {
        this.prior = prior ?? throw new ArgumentNullException(nameof(prior));
        this.covariates = covariates ?? throw new ArgumentNullException(nameof(covariates));
        this.options = options ?? new PosteriorOptions();
        this.options.Validate();
        covariates.Validate();
        start?.Validate();
        rng = new Random(this.options.Seed);
        this.start = start ?? GaussianLatentPrior.Standard(prior.ResponderProbability(covariates));
        responderPrior = this.start.ResponderProbability;
        var n = this.options.Particles;
        particles = new TwinLatent[n];
        for (var i = 0; i < n; i++)
        {
            particles[i] = this.start.Sample(covariates, rng);
        }

        logWeights = new double[n];
        simulator = new NsclcBatchSimulator(n, new NsclcSimulationOptions { DeathEnabled = false, IraeEnabled = false, TargetedEventsEnabled = false, StepSize = this.options.StepSize });
        parameterBuffer = new NsclcParameters[n];
        seeds = new ulong[n];
    }

    /// <summary>The latent prior the particles started from.</summary>
    public GaussianLatentPrior Start => start;

    /// <summary>The covariates the prior is conditioned on.</summary>
    public TwinCovariates Covariates => covariates;

    /// <summary>The prior.</summary>
    public TwinPrior Prior => prior;

    /// <summary>Current particles (latent points).</summary>
    public IReadOnlyList<TwinLatent> Particles => particles;

    /// <summary>Number of resampling events so far.</summary>
    public int Resamples { get; private set; }

    /// <summary>Accepted / proposed Metropolis-Hastings moves so far.</summary>
    public (int Accepted, int Proposed) Moves { get; private set; }

    /// <summary>Normalised particle weights.</summary>
    public double[] Weights()
    {
        var max = logWeights.Max();
        var w = logWeights.Select(l => Math.Exp(l - max)).ToArray();
        var sum = w.Sum();
        for (var i = 0; i < w.Length; i++)
        {
            w[i] /= sum;
        }

        return w;
    }

    /// <summary>Effective sample size 1 / sum(w^2).</summary>
    public double EffectiveSampleSize => 1.0 / Weights().Sum(w => w * w);

    /// <summary>Posterior probability that the patient is an immune responder.</summary>
    public double ResponderProbability
    {
        get
        {
            var w = Weights();
            return particles.Select((p, i) => p.Responder ? w[i] : 0).Sum();
        }
    }

    /// <summary>
    /// Conditions on the history so far (the previous history plus new cycles and measurements; earlier
    /// measurements must come first and unchanged). Only the measurements not seen before change the weights.
    /// </summary>
    public void Update(ObservedHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        history.Validate();
        if (history.Sld.Count < seenSld || history.Anc.Count < seenAnc)
        {
            throw new ArgumentException($"The history has fewer measurements than already incorporated ({seenSld} SLD, {seenAnc} ANC): pass the whole history so far.");
        }

        var (old, fresh) = LogLikelihoods(particles, history);
        var n = particles.Length;
        var phi = 0.0;
        var stages = 0;
        while (phi < 1)
        {
            var next = NextTemperature(fresh, phi, stages >= options.MaxStages);
            for (var i = 0; i < n; i++)
            {
                logWeights[i] += (next - phi) * fresh[i];
            }

            phi = next;
            stages++;
            if (phi < 1 || EffectiveSampleSize < options.ResampleThreshold * n)
            {
                var index = SystematicIndices(Weights(), n, rng.NextDouble());
                particles = index.Select(i => particles[i]).ToArray();
                old = index.Select(i => old[i]).ToArray();
                fresh = index.Select(i => fresh[i]).ToArray();
                Array.Clear(logWeights);
                Resamples++;
                for (var sweep = 0; sweep < options.MoveSweeps; sweep++)
                {
                    Move(history, phi, old, fresh);
                }
            }
        }

        Stages += stages;
        seenSld = history.Sld.Count;
        seenAnc = history.Anc.Count;
    }

    /// <summary>Tempering stages run so far (one per resample-move round).</summary>
    public int Stages { get; private set; }

    /// <summary>Draws <paramref name="count"/> parameter sets from the weighted particles (systematic resampling).</summary>
    public NsclcParameters[] SampleParameters(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var index = SystematicIndices(Weights(), count, rng.NextDouble());
        return index.Select(i => prior.ToParameters(covariates, particles[i])).ToArray();
    }

    /// <summary>Weighted posterior mean and standard deviation of each latent coordinate (<see cref="TwinPrior.LatentNames"/> order).</summary>
    public (double[] Mean, double[] Sd) LatentMoments()
    {
        var w = Weights();
        var d = TwinPrior.LatentDimension;
        var mean = new double[d];
        var sd = new double[d];
        for (var k = 0; k < d; k++)
        {
            for (var i = 0; i < particles.Length; i++)
            {
                mean[k] += w[i] * particles[i].Z[k];
            }

            var variance = 0.0;
            for (var i = 0; i < particles.Length; i++)
            {
                var u = particles[i].Z[k] - mean[k];
                variance += w[i] * u * u;
            }

            sd[k] = Math.Sqrt(variance);
        }

        return (mean, sd);
    }

    /// <summary>Weighted posterior mean and central interval of a function of the parameters.</summary>
    public (double Mean, double Lower, double Upper) Summarise(Func<NsclcParameters, double> quantity, double level = 0.9)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        var w = Weights();
        var values = particles.Select(p => quantity(prior.ToParameters(covariates, p))).ToArray();
        var mean = values.Select((v, i) => v * w[i]).Sum();
        return (mean, WeightedQuantile(values, w, (1 - level) / 2), WeightedQuantile(values, w, 1 - (1 - level) / 2));
    }

    /// <summary>Weighted quantile (inverse of the weighted empirical distribution).</summary>
    public static double WeightedQuantile(IReadOnlyList<double> values, IReadOnlyList<double> weights, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(weights);
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var total = weights.Sum();
        var cumulative = 0.0;
        foreach (var i in order)
        {
            cumulative += weights[i] / total;
            if (cumulative >= q)
            {
                return values[i];
            }
        }

        return values[order[^1]];
    }

    private (double[] Old, double[] Fresh) LogLikelihoods(IReadOnlyList<TwinLatent> latents, ObservedHistory history)
    {
        var n = latents.Count;
        for (var i = 0; i < n; i++)
        {
            parameterBuffer[i] = prior.ToParameters(covariates, latents[i]);
        }

        var lastDay = history.LastCoveredDay;
        if (lastDay != recordedDays)
        {
            simulator.RecordDaily(lastDay);
            recordedDays = lastDay;
        }

        simulator.Reset(parameterBuffer.AsSpan(0, n), seeds.AsSpan(0, n));
        var actions = new int[n];
        foreach (var action in history.Actions)
        {
            Array.Fill(actions, action);
            simulator.Advance(actions, threads: options.Threads);
        }

        var ancSigma = Math.Sqrt(Math.Log(1 + options.AncNoiseCv * options.AncNoiseCv));
        var old = new double[n];
        var fresh = new double[n];
        for (var i = 0; i < n; i++)
        {
            var lesions = parameterBuffer[i].LesionCount;
            for (var k = 0; k < history.Sld.Count; k++)
            {
                var m = history.Sld[k];
                var trueSld = m.Day == 0
                    ? NsclcDynamics.SldFromVolume(parameterBuffer[i].V0, lesions)
                    : NsclcDynamics.SldFromVolume(simulator.RecordedVolume(i, m.Day), lesions);
                var ll = SldLogLikelihood(m.Value, trueSld);
                if (k < seenSld)
                {
                    old[i] += ll;
                }
                else
                {
                    fresh[i] += ll;
                }
            }

            for (var k = 0; k < history.Anc.Count; k++)
            {
                var m = history.Anc[k];
                var trueAnc = m.Day == 0 ? parameterBuffer[i].Circ0 : simulator.RecordedAnc(i, m.Day);
                var z = (Math.Log(m.Value) - Math.Log(trueAnc) + 0.5 * ancSigma * ancSigma) / ancSigma;
                var ll = -0.5 * z * z - Math.Log(ancSigma) - Math.Log(m.Value);
                if (k < seenAnc)
                {
                    old[i] += ll;
                }
                else
                {
                    fresh[i] += ll;
                }
            }

            old[i] = double.IsFinite(old[i]) ? old[i] : double.NegativeInfinity;
            fresh[i] = double.IsFinite(fresh[i]) ? fresh[i] : double.NegativeInfinity;
        }

        return (old, fresh);
    }

    private double SldLogLikelihood(double observed, double trueSld)
    {
        var cv = options.SldNoiseCv * trueSld;
        var sd = Math.Sqrt(options.SldNoiseSd * options.SldNoiseSd + cv * cv);
        if (observed <= 0)
        {
            // A reading of 0 is a complete response: certain when the lesions are gone, else the chance the noise hides them.
            return trueSld <= 0 ? 0.0 : Math.Log(Math.Max(StandardNormal.Cdf(-trueSld / sd), 1e-300));
        }

        var z = (observed - trueSld) / sd;
        return -0.5 * z * z - Math.Log(sd);
    }

    /// <summary>The largest temperature in (phi, 1] whose reweighting keeps the ESS at the threshold (bisection).</summary>
    private double NextTemperature(double[] fresh, double phi, bool force)
    {
        if (force || Ess(fresh, 1 - phi) >= options.ResampleThreshold * fresh.Length)
        {
            return 1.0;
        }

        double low = 0, high = 1 - phi;
        for (var k = 0; k < 40; k++)
        {
            var mid = 0.5 * (low + high);
            if (Ess(fresh, mid) >= options.ResampleThreshold * fresh.Length)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return phi + Math.Max(low, 1e-6);
    }

    private double Ess(double[] fresh, double delta)
    {
        var max = double.NegativeInfinity;
        for (var i = 0; i < fresh.Length; i++)
        {
            max = Math.Max(max, logWeights[i] + delta * fresh[i]);
        }

        double sum = 0, sumSquares = 0;
        for (var i = 0; i < fresh.Length; i++)
        {
            var w = Math.Exp(logWeights[i] + delta * fresh[i] - max);
            sum += w;
            sumSquares += w * w;
        }

        return sum * sum / sumSquares;
    }

    private void Move(ObservedHistory history, double phi, double[] old, double[] fresh)
    {
        var n = particles.Length;
        var d = TwinPrior.LatentDimension;
        var cholesky = CloudCholesky(d);
        var proposals = new TwinLatent[n];
        var flipped = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var current = particles[i];
            var eps = new double[d];
            for (var k = 0; k < d; k++)
            {
                eps[k] = StandardNormal.Sample(rng);
            }

            var z = new double[d];
            for (var k = 0; k < d; k++)
            {
                var step = 0.0;
                for (var j = 0; j <= k; j++)
                {
                    step += cholesky[k, j] * eps[j];
                }

                z[k] = current.Z[k] + options.ProposalScale * step;
            }

            flipped[i] = rng.NextDouble() < options.ResponderFlipProbability;
            proposals[i] = current with { Z = z, Responder = flipped[i] ? !current.Responder : current.Responder };
        }

        var (proposedOld, proposedFresh) = LogLikelihoods(proposals, history);
        var accepted = 0;
        for (var i = 0; i < n; i++)
        {
            var logRatio = proposedOld[i] + phi * proposedFresh[i] - old[i] - phi * fresh[i]
                - 0.5 * (start.SquaredDistance(proposals[i].Z) - start.SquaredDistance(particles[i].Z));
            if (flipped[i])
            {
                var pNew = proposals[i].Responder ? responderPrior : 1 - responderPrior;
                var pOld = particles[i].Responder ? responderPrior : 1 - responderPrior;
                logRatio += Math.Log(pNew) - Math.Log(pOld);
            }

            if (Math.Log(rng.NextDouble()) < logRatio)
            {
                particles[i] = proposals[i];
                old[i] = proposedOld[i];
                fresh[i] = proposedFresh[i];
                accepted++;
            }
        }

        Moves = (Moves.Accepted + accepted, Moves.Proposed + n);
    }

    /// <summary>Lower Cholesky factor of the particle cloud's covariance (with a small ridge so it stays positive definite).</summary>
    private double[,] CloudCholesky(int d)
    {
        var n = particles.Length;
        var mean = new double[d];
        foreach (var p in particles)
        {
            for (var k = 0; k < d; k++)
            {
                mean[k] += p.Z[k] / n;
            }
        }

        var covariance = new double[d, d];
        foreach (var p in particles)
        {
            for (var a = 0; a < d; a++)
            {
                for (var b = 0; b <= a; b++)
                {
                    covariance[a, b] += (p.Z[a] - mean[a]) * (p.Z[b] - mean[b]) / (n - 1);
                }
            }
        }

        var l = new double[d, d];
        for (var a = 0; a < d; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                var sum = covariance[a, b] + (a == b ? 1e-4 : 0.0);
                for (var k = 0; k < b; k++)
                {
                    sum -= l[a, k] * l[b, k];
                }

                l[a, b] = a == b ? Math.Sqrt(Math.Max(sum, 1e-8)) : sum / l[b, b];
            }
        }

        return l;
    }

    private static int[] SystematicIndices(double[] weights, int count, double offset)
    {
        var result = new int[count];
        var cumulative = weights[0];
        var j = 0;
        for (var k = 0; k < count; k++)
        {
            var u = (k + offset) / count;
            while (u > cumulative && j < weights.Length - 1)
            {
                j++;
                cumulative += weights[j];
            }

            result[k] = j;
        }

        return result;
    }
}
