using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Twin.Inference;

/// <summary>
/// An in-episode belief over many patients' twins at once: P weighted particles per patient (parameter sets drawn from
/// whatever prior the caller has: any <c>IPatientTwinSource</c> or <c>ITwinBelief</c>), stepped cycle by cycle in one batched
/// simulator alongside the episode, so an update costs one cycle of simulation per particle instead of re-simulating the course.
/// </summary>
/// <remarks>
/// Each <see cref="Observe"/> multiplies the weights by the likelihood of what the episode showed at the start of the cycle:
/// the ANC (every cycle) and the SLD when the scan is new (days since scan 0), under the simulator's own noise model
/// (<see cref="NsclcSimulationOptions.AncNoiseCv"/>, <see cref="NsclcSimulationOptions.SldNoiseSd"/>,
/// <see cref="NsclcSimulationOptions.SldNoiseCv"/>): log ANC ~ N(log true ANC - s^2/2, s), s^2 = ln(1 + cv^2);
/// SLD ~ max(0, N(true SLD, sqrt(sd^2 + (cv SLD)^2))). Particles are simulated without death, irAE or targeted-event draws
/// (deterministic, as <see cref="TwinPosterior"/> does); the irAE hold of the antibody is therefore not in the particles.
/// An observation that would drop a patient's ESS below <see cref="ParticleBeliefOptions.ResampleThreshold"/> is brought in by
/// adaptive tempering (as <see cref="TwinPosterior"/> does): each stage is followed by systematic resampling and
/// <see cref="ParticleBeliefOptions.MoveSweeps"/> Metropolis-Hastings sweeps, each proposal re-simulated over the course so
/// far. The moves' prior is a Gaussian fitted per patient to its starting particles in the log (logit for the resistant
/// fraction) of the continuous parameters, so any source's prior slots in; the walk is in its whitened coordinates, scaled by
/// the cloud's covariance there, with responder flips at the starting particles' responder share. Where the source's prior
/// is not log-Gaussian that is an approximation of it. Lesion count and fixed fields
/// are inherited from the parent. Reads only observations and the actions given; never a true twin.
/// </remarks>
public sealed class BatchedTwinBelief
{
    /// <summary>Decision-relevant quantities summarised (mean and sd of their log) by <see cref="Summary"/>, after P(responder).</summary>
    public static IReadOnlyList<string> SummaryQuantities { get; } = ["log_g", "log_kc", "log_kt", "log_ki", "logit_resistant_fraction", "log_slope", "log_circ0"];

    /// <summary>Length of <see cref="Summary"/>: P(responder), then mean and sd of each of <see cref="SummaryQuantities"/>.</summary>
    public static int SummarySize => 1 + 2 * SummaryQuantities.Count;

    // Continuous fields moved by the kernel, in this order (the resistant fraction in logit, the others in log).
    private const int Dim = 18;

    private readonly int patients;
    private readonly int p;
    private readonly ParticleBeliefOptions options;
    private readonly NsclcBatchSimulator simulator;
    private readonly NsclcBatchSimulator snapshot;
    private readonly NsclcBatchSimulator scratch;
    private readonly NsclcParameters[] particles;
    private readonly double[] logWeights;
    private readonly double[] courseLogLikelihood;
    private readonly double[] fresh;
    private readonly double[] z;
    private readonly double[] priorMean;
    private readonly double[] priorCholesky;
    private readonly bool[] priorActive;
    private readonly double[] responderPrior;
    private readonly ulong[] seeds;
    private readonly int[] particleActions;
    private readonly List<int>[] actions;
    private readonly List<double>[] anc;
    private readonly List<double>[] sld;
    private readonly double ancSigma;
    private readonly double sldNoiseSd;
    private readonly double sldNoiseCv;
    private Random rng = new(1);

    /// <param name="patients">Patients tracked at once.</param>
    /// <param name="simulation">The episode's simulation settings: its noise model is the likelihood; its actions the action set.</param>
    /// <param name="options">Particles, resampling and move settings.</param>
    public BatchedTwinBelief(int patients, NsclcSimulationOptions simulation, ParticleBeliefOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patients, 1);
        ArgumentNullException.ThrowIfNull(simulation);
        this.options = options ?? new ParticleBeliefOptions();
        this.options.Validate();
        this.patients = patients;
        p = this.options.Particles;
        var n = patients * p;
        ParticleSimulation = simulation with { DeathEnabled = false, IraeEnabled = false, TargetedEventsEnabled = false, StepSize = this.options.StepSize };
        simulator = new NsclcBatchSimulator(n, ParticleSimulation);
        snapshot = new NsclcBatchSimulator(n, ParticleSimulation);
        scratch = new NsclcBatchSimulator(n, ParticleSimulation);
        particles = new NsclcParameters[n];
        logWeights = new double[n];
        courseLogLikelihood = new double[n];
        fresh = new double[n];
        z = new double[n * Dim];
        priorMean = new double[patients * Dim];
        priorCholesky = new double[patients * Dim * Dim];
        priorActive = new bool[patients * Dim];
        responderPrior = new double[patients];
        seeds = new ulong[n];
        particleActions = new int[n];
        actions = Enumerable.Range(0, patients).Select(_ => new List<int>()).ToArray();
        anc = Enumerable.Range(0, patients).Select(_ => new List<double>()).ToArray();
        sld = Enumerable.Range(0, patients).Select(_ => new List<double>()).ToArray();
        ancSigma = Math.Sqrt(Math.Log(1 + simulation.AncNoiseCv * simulation.AncNoiseCv));
        sldNoiseSd = simulation.SldNoiseSd;
        sldNoiseCv = simulation.SldNoiseCv;
    }

    /// <summary>Patients tracked.</summary>
    public int Patients => patients;

    /// <summary>Particles per patient.</summary>
    public int ParticlesPerPatient => p;

    /// <summary>The particles' simulation settings (the episode's, without death and event draws, at the belief's solver step).</summary>
    public NsclcSimulationOptions ParticleSimulation { get; }

    /// <summary>The particles' simulator, on the episode's current day (patient i's particles are slots i P .. i P + P - 1).</summary>
    public NsclcBatchSimulator Simulator => simulator;

    /// <summary>Resample-move rounds since construction (all patients).</summary>
    public long Rejuvenations { get; private set; }

    /// <summary>Moved particles kept / proposed since construction.</summary>
    public (long Accepted, long Proposed) Moves => (accepted, proposed);

    private long accepted;
    private long proposed;

    /// <summary>
    /// Starts a new episode: patient i's belief is <paramref name="prior"/>[i] (P parameter sets each, equal weights), on day 0,
    /// with no observation yet; <paramref name="seed"/> seeds the resampling and the moves.
    /// </summary>
    public void Start(IReadOnlyList<NsclcParameters[]> prior, int seed)
    {
        ArgumentNullException.ThrowIfNull(prior);
        if (prior.Count != patients) throw new ArgumentException($"The belief tracks {patients} patients but {prior.Count} particle sets were given.", nameof(prior));
        for (var i = 0; i < patients; i++)
        {
            if (prior[i].Length != p) throw new ArgumentException($"Patient {i}: {prior[i].Length} particles given, the belief has {p} per patient.", nameof(prior));
            prior[i].CopyTo(particles, i * p);
            actions[i].Clear();
            anc[i].Clear();
            sld[i].Clear();
        }
        Array.Clear(logWeights);
        Array.Clear(courseLogLikelihood);
        rng = new Random(seed);
        for (var j = 0; j < seeds.Length; j++) seeds[j] = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)j);
        simulator.Reset(particles, seeds);
        for (var i = 0; i < patients; i++) FitPrior(i);
    }

    /// <summary>
    /// Conditions every patient not skipped on its observation row (layout <see cref="TwinObservation"/>) at the start of the
    /// coming cycle. An observation that would drop a patient's ESS below the threshold is taken in tempering stages, each
    /// followed by resampling and Metropolis-Hastings moves.
    /// </summary>
    /// <param name="observations">Row per patient.</param>
    /// <param name="skip">Patients whose episode has ended (their rows are ignored).</param>
    public void Observe(ReadOnlySpan<double> observations, ReadOnlySpan<bool> skip)
    {
        if (observations.Length < patients * TwinObservation.Size || skip.Length < patients)
            throw new ArgumentException($"The belief tracks {patients} patients: it needs {patients} observation rows and skip flags.");
        var circ = simulator.StateVariable(NsclcState.Circ);
        var active = new List<int>();
        for (var i = 0; i < patients; i++)
        {
            var cycle = actions[i].Count;
            if (anc[i].Count != cycle) throw new InvalidOperationException($"Patient {i}: observe once per cycle, after advancing ({anc[i].Count} observations, {cycle} cycles).");
            if (skip[i])
            {
                anc[i].Add(double.NaN);
                sld[i].Add(double.NaN);
                continue;
            }
            var row = observations.Slice(i * TwinObservation.Size, TwinObservation.Size);
            var ancValue = row[TwinObservation.LatestAnc];
            if (!double.IsFinite(ancValue) || ancValue <= 0)
                throw new ArgumentException($"Belief: patient {i}, cycle {cycle}: observation {TwinObservation.Names[TwinObservation.LatestAnc]} = {ancValue} must be finite and > 0.");
            var sldValue = row[TwinObservation.DaysSinceScan] == 0 ? row[TwinObservation.LatestSld] : double.NaN;
            if (!double.IsNaN(sldValue) && (!double.IsFinite(sldValue) || sldValue < 0))
                throw new ArgumentException($"Belief: patient {i}, cycle {cycle}: observation {TwinObservation.Names[TwinObservation.LatestSld]} = {sldValue} must be finite and >= 0.");
            anc[i].Add(ancValue);
            sld[i].Add(sldValue);
            for (var j = i * p; j < (i + 1) * p; j++) fresh[j] = Finite(LogLikelihood(ancValue, circ[j], sldValue, simulator.TrueSld(j)));
            active.Add(i);
        }

        // Adaptive tempering, all patients' stages batched: each stage raises a patient's power as far as keeps its ESS at the threshold.
        var observed = active.ToArray();
        var phi = new double[patients];
        var stages = new int[patients];
        while (active.Count > 0)
        {
            var moving = new List<int>();
            foreach (var i in active)
            {
                var next = NextTemperature(i, phi[i], stages[i] >= options.MaxStages - 1);
                for (var j = i * p; j < (i + 1) * p; j++) logWeights[j] += (next - phi[i]) * fresh[j];
                phi[i] = next;
                stages[i]++;
                if (phi[i] < 1 || EffectiveSampleSize(i) < options.ResampleThreshold * p) moving.Add(i);
            }
            if (moving.Count > 0)
            {
                Resample(moving);
                for (var sweep = 0; sweep < options.MoveSweeps; sweep++) Move(moving, phi);
            }
            active.RemoveAll(i => phi[i] >= 1);
        }
        foreach (var i in observed)
            for (var j = i * p; j < (i + 1) * p; j++) courseLogLikelihood[j] += fresh[j];
    }

    /// <summary>Moves every patient's particles one 21-day cycle on under the action the patient was given.</summary>
    public void Advance(ReadOnlySpan<int> given)
    {
        if (given.Length < patients) throw new ArgumentException($"The belief tracks {patients} patients but {given.Length} actions were given.", nameof(given));
        for (var i = 0; i < patients; i++)
        {
            if (actions[i].Count != anc[i].Count - 1) throw new InvalidOperationException($"Patient {i}: advance once per cycle, after observing.");
            actions[i].Add(given[i]);
            particleActions.AsSpan(i * p, p).Fill(given[i]);
        }
        simulator.Advance(particleActions, 21, options.Threads);
    }

    /// <summary>Normalised weights of patient <paramref name="patient"/>'s particles.</summary>
    public double[] Weights(int patient)
    {
        var w = new double[p];
        Normalised(patient, w);
        return w;
    }

    /// <summary>Effective sample size 1 / sum(w^2) of a patient's particles.</summary>
    public double EffectiveSampleSize(int patient)
    {
        Span<double> w = stackalloc double[p];
        Normalised(patient, w);
        var sum = 0.0;
        foreach (var v in w) sum += v * v;
        return 1 / sum;
    }

    /// <summary>Posterior probability that the patient is an immune responder.</summary>
    public double ResponderProbability(int patient)
    {
        Span<double> w = stackalloc double[p];
        Normalised(patient, w);
        var sum = 0.0;
        for (var k = 0; k < p; k++) sum += particles[patient * p + k].Responder > 0.5 ? w[k] : 0;
        return sum;
    }

    /// <summary>The particle parameters of a patient (in slot order; read the weights with <see cref="Weights"/>).</summary>
    public ReadOnlySpan<NsclcParameters> Particles(int patient) => particles.AsSpan(CheckPatient(patient) * p, p);

    /// <summary>
    /// Writes the policy's belief input (<see cref="SummarySize"/> values): P(responder), then the weighted mean and sd of each of
    /// <see cref="SummaryQuantities"/>.
    /// </summary>
    public void Summary(int patient, Span<float> destination)
    {
        CheckPatient(patient);
        if (destination.Length < SummarySize) throw new ArgumentException($"The summary has {SummarySize} values.", nameof(destination));
        Span<double> w = stackalloc double[p];
        Normalised(patient, w);
        var responder = 0.0;
        for (var k = 0; k < p; k++) responder += particles[patient * p + k].Responder > 0.5 ? w[k] : 0;
        destination[0] = (float)responder;
        for (var q = 0; q < SummaryQuantities.Count; q++)
        {
            double mean = 0, square = 0;
            for (var k = 0; k < p; k++)
            {
                var v = Quantity(particles[patient * p + k], q);
                mean += w[k] * v;
                square += w[k] * v * v;
            }
            destination[1 + 2 * q] = (float)mean;
            destination[2 + 2 * q] = (float)Math.Sqrt(Math.Max(square - mean * mean, 0));
        }
    }

    /// <summary>
    /// Writes to <paramref name="destination"/> the slot indices in <see cref="Simulator"/> of as many draws from patient
    /// <paramref name="patient"/>'s weighted particles (systematic resampling with the belief's own random stream).
    /// </summary>
    public void Draw(int patient, Span<int> destination)
    {
        CheckPatient(patient);
        Span<double> w = stackalloc double[p];
        Normalised(patient, w);
        Systematic(w, destination, rng.NextDouble());
        for (var k = 0; k < destination.Length; k++) destination[k] += patient * p;
    }

    private static double Quantity(in NsclcParameters x, int q) => q switch
    {
        0 => SafeLog(x.G),
        1 => SafeLog(x.KC),
        2 => SafeLog(x.KT),
        3 => SafeLog(x.KI),
        4 => Logit(x.ResistantFraction),
        5 => SafeLog(x.Slope),
        _ => SafeLog(x.Circ0),
    };

    private double LogLikelihood(double ancValue, double trueAnc, double sldValue, double trueSld)
    {
        var z = (Math.Log(ancValue) - Math.Log(Math.Max(trueAnc, 1e-12)) + 0.5 * ancSigma * ancSigma) / ancSigma;
        var ll = -0.5 * z * z;
        if (double.IsNaN(sldValue)) return ll;
        var cv = sldNoiseCv * trueSld;
        var sd = Math.Sqrt(sldNoiseSd * sldNoiseSd + cv * cv);
        if (sldValue <= 0)
            // A reading of 0: the lesions are gone, or the noise (clipped at 0 by the simulator) hid them.
            return ll + Math.Log(Math.Max(StandardNormal.Cdf(-trueSld / sd), 1e-300));
        var e = (sldValue - trueSld) / sd;
        return ll - 0.5 * e * e - Math.Log(sd);
    }

    private static double Finite(double v) => double.IsFinite(v) ? v : double.NegativeInfinity;

    /// <summary>The largest temperature in (phi, 1] whose reweighting keeps the patient's ESS at the threshold (bisection).</summary>
    private double NextTemperature(int patient, double phi, bool force)
    {
        var target = options.ResampleThreshold * p;
        if (force || TemperedEss(patient, 1 - phi) >= target) return 1.0;
        double low = 0, high = 1 - phi;
        for (var k = 0; k < 30; k++)
        {
            var mid = 0.5 * (low + high);
            if (TemperedEss(patient, mid) >= target) low = mid;
            else high = mid;
        }
        return phi + Math.Max(low, 1e-6);
    }

    private double TemperedEss(int patient, double delta)
    {
        var max = double.NegativeInfinity;
        for (var j = patient * p; j < (patient + 1) * p; j++) max = Math.Max(max, logWeights[j] + delta * fresh[j]);
        if (double.IsNegativeInfinity(max)) return 0;
        double sum = 0, squares = 0;
        for (var j = patient * p; j < (patient + 1) * p; j++)
        {
            var w = Math.Exp(logWeights[j] + delta * fresh[j] - max);
            sum += w;
            squares += w * w;
        }
        return sum * sum / squares;
    }

    // Systematic resampling of the given patients: every slot becomes a copy of its parent (state, parameters, coordinates, likelihoods).
    private void Resample(List<int> moving)
    {
        var count = moving.Count * p;
        var parents = new int[count];
        Span<double> w = stackalloc double[p];
        for (var d = 0; d < moving.Count; d++)
        {
            var i = moving[d];
            Normalised(i, w);
            var span = parents.AsSpan(d * p, p);
            Systematic(w, span, rng.NextDouble());
            for (var k = 0; k < p; k++) span[k] += i * p;
        }
        snapshot.BranchFrom(simulator, parents);
        var parentParameters = parents.Select(j => particles[j]).ToArray();
        var parentOld = parents.Select(j => courseLogLikelihood[j]).ToArray();
        var parentFresh = parents.Select(j => fresh[j]).ToArray();
        var parentZ = new double[count * Dim];
        for (var m = 0; m < count; m++) Array.Copy(z, parents[m] * Dim, parentZ, m * Dim, Dim);
        var parentSeeds = parents.Select(j => seeds[j]).ToArray();
        for (var d = 0; d < moving.Count; d++)
        {
            var i = moving[d];
            for (var k = 0; k < p; k++)
            {
                var m = d * p + k;
                var slot = i * p + k;
                simulator.ReplacePatient(slot, snapshot, m);
                particles[slot] = parentParameters[m];
                courseLogLikelihood[slot] = parentOld[m];
                fresh[slot] = parentFresh[m];
                seeds[slot] = parentSeeds[m];
                Array.Copy(parentZ, m * Dim, z, slot * Dim, Dim);
                logWeights[slot] = 0;
            }
            Rejuvenations++;
        }
    }

    // One Metropolis-Hastings sweep for the given patients: a random walk in the whitened prior coordinates (scaled by the
    // cloud's covariance there) and a responder flip, against N(0, I) x the course so far x this observation^phi.
    private void Move(List<int> moving, double[] phi)
    {
        var count = moving.Count * p;
        var proposals = new NsclcParameters[count];
        var proposalZ = new double[count * Dim];
        var flipped = new bool[count];
        var proposalSeeds = new ulong[count];
        var eps = new double[Dim];
        for (var d = 0; d < moving.Count; d++)
        {
            var i = moving[d];
            var l = CloudCholesky(i);
            for (var k = 0; k < p; k++)
            {
                var m = d * p + k;
                var slot = i * p + k;
                for (var a = 0; a < Dim; a++) eps[a] = StandardNormal.Sample(rng);
                for (var a = 0; a < Dim; a++)
                {
                    var step = 0.0;
                    for (var b = 0; b <= a; b++) step += l[a, b] * eps[b];
                    proposalZ[m * Dim + a] = z[slot * Dim + a] + (priorActive[i * Dim + a] ? options.ProposalScale * step : 0);
                }
                flipped[m] = rng.NextDouble() < options.ResponderFlipProbability;
                var parent = particles[slot];
                if (flipped[m]) parent = parent with { Responder = parent.Responder > 0.5 ? 0 : 1 };
                proposals[m] = FromCoordinates(i, proposalZ.AsSpan(m * Dim, Dim), parent);
                proposalSeeds[m] = seeds[slot];
            }
        }

        // Re-simulate the proposals over the course so far: likelihood of the earlier observations and of this one.
        scratch.Reset(proposals, proposalSeeds);
        var old = new double[count];
        var now = new double[count];
        var cycles = actions[moving[0]].Count;
        var stepActions = new int[count];
        for (var c = 0; c <= cycles; c++)
        {
            var circ = scratch.StateVariable(NsclcState.Circ);
            for (var d = 0; d < moving.Count; d++)
            {
                var i = moving[d];
                if (double.IsNaN(anc[i][c])) continue;
                for (var m = d * p; m < (d + 1) * p; m++)
                {
                    var ll = LogLikelihood(anc[i][c], circ[m], sld[i][c], scratch.TrueSld(m));
                    if (c < cycles) old[m] += ll;
                    else now[m] = ll;
                }
            }
            if (c == cycles) break;
            for (var d = 0; d < moving.Count; d++) stepActions.AsSpan(d * p, p).Fill(actions[moving[d]][c]);
            scratch.Advance(stepActions, 21, options.Threads);
        }

        for (var d = 0; d < moving.Count; d++)
        {
            var i = moving[d];
            for (var k = 0; k < p; k++)
            {
                var m = d * p + k;
                var slot = i * p + k;
                proposed++;
                var logRatio = Finite(old[m]) + phi[i] * Finite(now[m]) - courseLogLikelihood[slot] - phi[i] * fresh[slot]
                    - 0.5 * (SquaredNorm(proposalZ.AsSpan(m * Dim, Dim)) - SquaredNorm(z.AsSpan(slot * Dim, Dim)));
                if (flipped[m])
                {
                    var prior = responderPrior[i];
                    logRatio += proposals[m].Responder > 0.5 ? Math.Log(prior) - Math.Log(1 - prior) : Math.Log(1 - prior) - Math.Log(prior);
                }
                if (!(Math.Log(rng.NextDouble()) < logRatio)) continue;
                accepted++;
                simulator.ReplacePatient(slot, scratch, m);
                particles[slot] = proposals[m];
                courseLogLikelihood[slot] = Finite(old[m]);
                fresh[slot] = Finite(now[m]);
                Array.Copy(proposalZ, m * Dim, z, slot * Dim, Dim);
            }
        }
    }

    // The prior as the moves see it: a Gaussian fitted, per patient, to its starting particles in the log (logit) coordinates,
    // so any source's prior works; each particle's whitened coordinates z (x = mean + L z) are kept alongside.
    private void FitPrior(int patient)
    {
        var mean = priorMean.AsSpan(patient * Dim, Dim);
        mean.Clear();
        var usable = new bool[Dim];
        Array.Fill(usable, true);
        var x = new double[p][];
        for (var k = 0; k < p; k++)
        {
            x[k] = ToVector(particles[patient * p + k]);
            for (var a = 0; a < Dim; a++) if (!double.IsFinite(x[k][a])) usable[a] = false;
        }
        for (var k = 0; k < p; k++)
            for (var a = 0; a < Dim; a++) mean[a] += usable[a] ? x[k][a] / p : 0;
        var covariance = new double[Dim, Dim];
        for (var k = 0; k < p; k++)
            for (var a = 0; a < Dim; a++)
                for (var b = 0; b <= a; b++)
                    if (usable[a] && usable[b]) covariance[a, b] += (x[k][a] - mean[a]) * (x[k][b] - mean[b]) / (p - 1);
        var l = Cholesky(covariance, Dim);
        for (var a = 0; a < Dim; a++)
        {
            if (!usable[a]) mean[a] = double.NaN;
            priorActive[patient * Dim + a] = l[a, a] > 0;
            for (var b = 0; b < Dim; b++) priorCholesky[(patient * Dim + a) * Dim + b] = l[a, b];
        }
        var responders = 0;
        for (var k = 0; k < p; k++)
        {
            if (particles[patient * p + k].Responder > 0.5) responders++;
            var zk = z.AsSpan((patient * p + k) * Dim, Dim);
            for (var a = 0; a < Dim; a++)
            {
                if (!priorActive[patient * Dim + a]) { zk[a] = 0; continue; }
                var rest = x[k][a] - mean[a];
                for (var b = 0; b < a; b++) rest -= l[a, b] * zk[b];
                zk[a] = rest / l[a, a];
            }
        }
        // Bounded away from 0 and 1 so a flip can always be proposed back.
        responderPrior[patient] = Math.Clamp((double)responders / p, 0.02, 0.98);
    }

    private NsclcParameters FromCoordinates(int patient, ReadOnlySpan<double> coordinates, in NsclcParameters parent)
    {
        var v = new double[Dim];
        for (var a = 0; a < Dim; a++)
        {
            var mean = priorMean[patient * Dim + a];
            if (double.IsNaN(mean)) { v[a] = double.NaN; continue; }
            var sum = mean;
            for (var b = 0; b <= a; b++) sum += priorCholesky[(patient * Dim + a) * Dim + b] * coordinates[b];
            v[a] = sum;
        }
        return FromVector(parent, v);
    }

    // Lower Cholesky factor of the patient's particle cloud's covariance in z (active coordinates; a small ridge keeps it positive definite).
    private double[,] CloudCholesky(int patient)
    {
        var mean = new double[Dim];
        for (var k = 0; k < p; k++)
            for (var a = 0; a < Dim; a++) mean[a] += z[(patient * p + k) * Dim + a] / p;
        var covariance = new double[Dim, Dim];
        for (var k = 0; k < p; k++)
            for (var a = 0; a < Dim; a++)
                for (var b = 0; b <= a; b++)
                    covariance[a, b] += (z[(patient * p + k) * Dim + a] - mean[a]) * (z[(patient * p + k) * Dim + b] - mean[b]) / (p - 1);
        for (var a = 0; a < Dim; a++) covariance[a, a] += priorActive[patient * Dim + a] ? 1e-4 : 0;
        return Cholesky(covariance, Dim);
    }

    private static double SquaredNorm(ReadOnlySpan<double> v)
    {
        var sum = 0.0;
        foreach (var x in v) sum += x * x;
        return sum;
    }

    // Lower Cholesky factor; a direction without spread (a constant field, or one fixed by another) gets a zero column.
    private static double[,] Cholesky(double[,] covariance, int dim)
    {
        var l = new double[dim, dim];
        for (var a = 0; a < dim; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                var sum = covariance[a, b];
                for (var k = 0; k < b; k++) sum -= l[a, k] * l[b, k];
                if (a == b) l[a, a] = sum > 1e-12 * Math.Max(covariance[a, a], 1e-300) && sum > 1e-14 ? Math.Sqrt(sum) : 0;
                else l[a, b] = l[b, b] > 0 ? sum / l[b, b] : 0;
            }
        }
        return l;
    }

    private static double[] ToVector(in NsclcParameters x) =>
    [
        SafeLog(x.V0), SafeLog(x.K), SafeLog(x.G), SafeLog(x.GR), Logit(x.ResistantFraction), SafeLog(x.Mu), SafeLog(x.K1),
        SafeLog(x.KC), SafeLog(x.KCR), SafeLog(x.KT), SafeLog(x.KI), SafeLog(x.TauI), SafeLog(x.VolC), SafeLog(x.VolT),
        SafeLog(x.KeI), SafeLog(x.Circ0), SafeLog(x.Mtt), SafeLog(x.Slope),
    ];

    // Fields the vector cannot carry (non-finite: a zero rate) keep the parent's value; the death hazard's reference volume follows V0.
    private static NsclcParameters FromVector(in NsclcParameters parent, double[] v)
    {
        double Exp(int a, double old) => double.IsFinite(v[a]) ? Math.Exp(v[a]) : old;
        var v0 = Exp(0, parent.V0);
        return parent with
        {
            V0 = v0,
            K = Math.Max(Exp(1, parent.K), 1.01 * v0),
            G = Exp(2, parent.G),
            GR = Exp(3, parent.GR),
            ResistantFraction = double.IsFinite(v[4]) ? Math.Min(1 / (1 + Math.Exp(-v[4])), 0.999999) : parent.ResistantFraction,
            Mu = Exp(5, parent.Mu),
            K1 = Exp(6, parent.K1),
            KC = Exp(7, parent.KC),
            KCR = Exp(8, parent.KCR),
            KT = Exp(9, parent.KT),
            KI = Exp(10, parent.KI),
            TauI = Exp(11, parent.TauI),
            VolC = Exp(12, parent.VolC),
            VolT = Exp(13, parent.VolT),
            KeI = Exp(14, parent.KeI),
            Circ0 = Exp(15, parent.Circ0),
            Mtt = Exp(16, parent.Mtt),
            Slope = Exp(17, parent.Slope),
            VRef = parent.VRef * v0 / parent.V0,
        };
    }

    private static double SafeLog(double v) => v > 0 ? Math.Log(v) : double.NegativeInfinity;

    private static double Logit(double f) => f > 0 && f < 1 ? Math.Log(f / (1 - f)) : double.NegativeInfinity;

    private void Normalised(int patient, Span<double> w)
    {
        var offset = patient * p;
        var max = double.NegativeInfinity;
        for (var k = 0; k < p; k++) max = Math.Max(max, logWeights[offset + k]);
        if (double.IsNegativeInfinity(max))
        {
            // Every particle ruled out (an observation far outside the prior): fall back to equal weights rather than NaN.
            w.Fill(1.0 / p);
            return;
        }
        var sum = 0.0;
        for (var k = 0; k < p; k++)
        {
            w[k] = Math.Exp(logWeights[offset + k] - max);
            sum += w[k];
        }
        for (var k = 0; k < p; k++) w[k] /= sum;
    }

    private static void Systematic(ReadOnlySpan<double> weights, Span<int> result, double offset)
    {
        var cumulative = weights[0];
        var j = 0;
        for (var k = 0; k < result.Length; k++)
        {
            var u = (k + offset) / result.Length;
            while (u > cumulative && j < weights.Length - 1)
            {
                j++;
                cumulative += weights[j];
            }
            result[k] = j;
        }
    }

    private int CheckPatient(int patient) =>
        (uint)patient < (uint)patients ? patient : throw new ArgumentOutOfRangeException(nameof(patient), patient, $"Patient index must be in [0, {patients}).");
}
