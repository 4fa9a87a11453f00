using System.Collections.Concurrent;
using System.Diagnostics;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Prior;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Planning;

/// <summary>
/// The Twin-MPC reference row (metrics.md version 2): posterior planning with the information DT-SMDRL has (the
/// observed baseline record, the observed course so far, the same twin prior). At cycle 0 and at every scan it
/// searches all remaining plans of the <see cref="PlanLibrary"/> on M twin samples from the patient's current
/// belief, with its own dice, under the 10% severe-event limit, and executes the first block of the best plan.
/// </summary>
/// <remarks>
/// The default belief (<see cref="BiomarkerPosteriorSource"/>) is the biomarker-conditioned <see cref="TwinPrior"/>
/// DT-SMDRL samples its twins from, updated by the particle posterior: it is the cohort generator's own prior, so it is
/// well-specified, and this row is a ceiling no method that learns its prior from data should be expected to reach.
/// Another <see cref="ITwinBeliefSource"/> (a learned prior) can be passed instead.
/// <see cref="Fit"/> keeps only the seed (and whatever the belief source learns). <see cref="Prepare(IReadOnlyList{StudyPatient})"/>
/// makes the cycle-0 choice from each baseline record (the prior conditioned on it; the episode's own day-0 scan
/// enters the belief at the first re-planning) and states the share of those samples on which the chosen plan gives
/// CR or PR.
/// </remarks>
public sealed class TwinMpcMethod : ITreatmentMethod
{
    private readonly TwinMpcOptions options;
    private readonly ITwinBeliefSource source;
    private readonly PlanLibrary library;
    private int seed;

    public TwinMpcMethod(TwinMpcOptions? options = null, ITwinBeliefSource? source = null, TwinPrior? prior = null)
    {
        this.options = options ?? new TwinMpcOptions();
        this.options.Validate();
        this.source = source ?? new BiomarkerPosteriorSource(prior ?? new TwinPrior(), this.options.Posterior);
        library = new PlanLibrary(this.options.Environment.Simulation.Actions, this.options.Environment.Cycles);
    }

    public string Name => "Twin-MPC";

    public bool IsLearned => false;

    /// <summary>The settings.</summary>
    public TwinMpcOptions Options => options;

    /// <summary>Where the beliefs come from.</summary>
    public ITwinBeliefSource Source => source;

    /// <summary>The plan library searched.</summary>
    public PlanLibrary Library => library;

    /// <summary>Wall seconds of each cycle-0 choice of the last <see cref="Prepare(IReadOnlyList{PatientRecord})"/>, in patient order.</summary>
    public double[] PrepareSeconds { get; private set; } = [];

    /// <summary>The policy of the last <see cref="Prepare(IReadOnlyList{PatientRecord})"/> (its in-course decision times), null before.</summary>
    public TwinMpcPolicy? LastPolicy { get; private set; }

    public void Fit(StudyData data, int seed, IProgress<string>? progress = null)
    {
        this.seed = seed;
        source.Fit(data, seed, progress);
    }

    public MethodPlan Prepare(IReadOnlyList<StudyPatient> testPatients)
    {
        ArgumentNullException.ThrowIfNull(testPatients);
        return Prepare(testPatients.Select(p => p.Observed).ToList());
    }

    /// <summary>The policy and stated response probabilities for these observed records (batch order).</summary>
    public MethodPlan Prepare(IReadOnlyList<PatientRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var n = records.Count;
        var patientSeeds = records.Select(r => PatientSeed(seed, r.PatientId)).ToArray();
        var prepared = new PlanChoice[n];
        var seconds = new double[n];
        var planners = new ConcurrentBag<TwinMpcPlanner>();
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = options.Threads },
            () => planners.TryTake(out var planner) ? planner : new TwinMpcPlanner(library, options),
            (i, _, planner) =>
            {
                var watch = Stopwatch.StartNew();
                var samples = source.Start(records[i], BeliefSeed(patientSeeds[i])).Sample(options.Samples);
                prepared[i] = planner.Choose(samples, SampleSeeds(patientSeeds[i], 0, options.Samples), []);
                seconds[i] = watch.Elapsed.TotalSeconds;
                return planner;
            },
            planners.Add);
        PrepareSeconds = seconds;
        var policy = new TwinMpcPolicy(records, prepared, patientSeeds, source, library, options);
        LastPolicy = policy;
        return new MethodPlan(policy, prepared.Select(c => c.ResponseProbability).ToArray());
    }

    /// <summary>A patient's planning seed from the method seed and the patient id (stable across runs and processes).</summary>
    public static ulong PatientSeed(int methodSeed, string patientId)
    {
        ArgumentNullException.ThrowIfNull(patientId);
        var hash = 14695981039346656037UL;
        foreach (var c in patientId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return CounterRandom.Bits(hash, PlannerStream, (ulong)(uint)methodSeed);
    }

    /// <summary>The seed of a patient's belief (its particle sampler).</summary>
    public static int BeliefSeed(ulong patientSeed) => (int)(patientSeed & 0x7FFF_FFFF);

    /// <summary>The planner's noise seed of each sample at a decision (its own dice, never the evaluation's).</summary>
    public static ulong[] SampleSeeds(ulong patientSeed, int cycle, int count)
    {
        var seeds = new ulong[count];
        for (var m = 0; m < count; m++)
        {
            seeds[m] = CounterRandom.Bits(patientSeed, PlannerStream + 1 + (ulong)cycle, (ulong)m);
        }

        return seeds;
    }

    // Far from the simulator's streams (1-6), so planner seeds never line up with draws the simulator makes.
    private const ulong PlannerStream = 0x7043_0000;
}
