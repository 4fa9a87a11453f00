using System.Collections.Concurrent;
using System.Diagnostics;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Planning;

/// <summary>
/// Twin-MPC's decision rule for a batch of test patients. Cycle 0 executes the plan prepared from the baseline record;
/// at every later block start (a scan) it conditions the patient's belief on the observed course (the actions it
/// gave, every SLD scan and ANC value its observations showed), samples M twins and re-plans
/// (<see cref="TwinMpcPlanner"/>), then executes the new plan's first block. Episode state (the course and the
/// belief) starts afresh whenever <see cref="Decide"/> is called with cycle 0. It reads only its observations and
/// the records it was prepared with. Patients are spread over <see cref="TwinMpcOptions.Threads"/> workers; each
/// patient's numbers depend only on its own record, course and seed, so results do not depend on the thread count.
/// </summary>
public sealed class TwinMpcPolicy : ITreatmentPolicy
{
    private readonly IReadOnlyList<PatientRecord> records;
    private readonly PlanChoice[] prepared;
    private readonly ulong[] patientSeeds;
    private readonly ITwinBeliefSource source;
    private readonly PlanLibrary library;
    private readonly TwinMpcOptions options;
    private readonly ConcurrentBag<TwinMpcPlanner> planners = [];
    private readonly Episode[] episodes;
    private readonly List<int> replanning = [];

    internal TwinMpcPolicy(IReadOnlyList<PatientRecord> records, PlanChoice[] prepared, ulong[] patientSeeds,
        ITwinBeliefSource source, PlanLibrary library, TwinMpcOptions options)
    {
        this.records = records;
        this.prepared = prepared;
        this.patientSeeds = patientSeeds;
        this.source = source;
        this.library = library;
        this.options = options;
        episodes = new Episode[records.Count];
    }

    /// <summary>The cycle-0 choice per patient (prepared from the baseline record), in batch order.</summary>
    public IReadOnlyList<PlanChoice> Prepared => prepared;

    /// <summary>Wall seconds of every in-course re-planning (belief update, sampling and search) since construction.</summary>
    public IReadOnlyCollection<double> DecisionSeconds => decisionSeconds;

    /// <summary>Patient-days simulated by the in-course searches since construction.</summary>
    public long SimulatedDays => Interlocked.Read(ref simulatedDays);

    /// <summary>
    /// The plan patient <paramref name="patient"/> is executing in the current episode, the cycle it was chosen at and
    /// what the policy has observed so far (for diagnostics: the forecast it acted on and the history it saw).
    /// </summary>
    public (PlanChoice Plan, int ChosenAtCycle, ObservedHistory Seen) Current(int patient)
    {
        var episode = episodes[patient] ?? throw new InvalidOperationException("Twin-MPC: no episode has started.");
        return (episode.Plan, episode.PlanStart, new ObservedHistory(episode.Taken.ToArray(), episode.Sld.ToArray(), episode.Anc.ToArray()));
    }

    /// <summary>Wall seconds of the belief update and sampling part of every in-course re-planning (the rest is the search).</summary>
    public IReadOnlyCollection<double> BeliefSeconds => beliefSeconds;

    private readonly ConcurrentQueue<double> decisionSeconds = new();
    private readonly ConcurrentQueue<double> beliefSeconds = new();
    private long simulatedDays;

    public void Decide(int cycle, ReadOnlySpan<double> observations, ReadOnlySpan<bool> done, Span<int> actions)
    {
        var n = records.Count;
        var size = TwinObservation.Size;
        if (observations.Length < n * size || done.Length < n || actions.Length < n)
        {
            throw new ArgumentException($"Twin-MPC was prepared for {n} patients: it needs {n} x {size} observations, {n} done flags and {n} actions.");
        }

        if (cycle < 0 || cycle >= library.Cycles)
        {
            throw new ArgumentOutOfRangeException(nameof(cycle), cycle, $"Decisions are for cycles 0-{library.Cycles - 1}.");
        }

        if (cycle == 0)
        {
            for (var i = 0; i < n; i++)
            {
                episodes[i] = new Episode(prepared[i]);
            }
        }

        replanning.Clear();
        for (var i = 0; i < n; i++)
        {
            if (done[i])
            {
                continue;
            }

            var episode = episodes[i] ?? throw new InvalidOperationException("Twin-MPC: the first decision of an episode must be cycle 0.");
            if (episode.Taken.Count != cycle)
            {
                throw new InvalidOperationException($"Twin-MPC: patient {i} has {episode.Taken.Count} cycles given but the environment asks for cycle {cycle}.");
            }

            episode.Record(observations.Slice(i * size, size), cycle, i);
            if (cycle > 0 && cycle % library.BlockCycles == 0)
            {
                replanning.Add(i);
            }
        }

        if (replanning.Count > 0)
        {
            Replan(cycle);
        }

        for (var i = 0; i < n; i++)
        {
            if (done[i])
            {
                continue;
            }

            var episode = episodes[i];
            var action = episode.Plan.Blocks[(cycle - episode.PlanStart) / library.BlockCycles];
            actions[i] = action;
            episode.Taken.Add(action);
        }
    }

    private void Replan(int cycle)
    {
        var work = replanning.ToArray();
        Parallel.For(0, work.Length, new ParallelOptions { MaxDegreeOfParallelism = options.Threads },
            () => planners.TryTake(out var planner) ? planner : new TwinMpcPlanner(library, options),
            (k, _, planner) =>
            {
                var i = work[k];
                var watch = Stopwatch.StartNew();
                var episode = episodes[i];
                episode.Belief ??= source.Start(records[i], TwinMpcMethod.BeliefSeed(patientSeeds[i]));
                episode.Belief.Update(new ObservedHistory(episode.Taken.ToArray(), episode.Sld.ToArray(), episode.Anc.ToArray()));
                var samples = episode.Belief.Sample(options.Samples);
                beliefSeconds.Enqueue(watch.Elapsed.TotalSeconds);
                var choice = planner.Choose(samples, TwinMpcMethod.SampleSeeds(patientSeeds[i], cycle, options.Samples), episode.Taken, spentRisk: episode.SpentRisk);
                episode.SpentRisk += choice.FirstBlockSevereProbability;
                episode.Plan = choice;
                episode.PlanStart = cycle;
                Interlocked.Add(ref simulatedDays, choice.SimulatedDays);
                decisionSeconds.Enqueue(watch.Elapsed.TotalSeconds);
                return planner;
            },
            planners.Add);
    }

    /// <summary>One patient's episode so far: what was given and seen, the belief, the plan being executed.</summary>
    private sealed class Episode(PlanChoice plan)
    {
        public List<int> Taken { get; } = [];

        public List<Measurement> Sld { get; } = [];

        public List<Measurement> Anc { get; } = [];

        public ITwinBelief? Belief { get; set; }

        public PlanChoice Plan { get; set; } = plan;

        public int PlanStart { get; set; }

        // The first-block severe-event probabilities of the blocks executed so far (the cycle-0 choice's included).
        public double SpentRisk { get; set; } = plan.FirstBlockSevereProbability;

        // The ANC of every observation and the SLD when the scan is new (0 days since it); day 21 x cycle.
        public void Record(ReadOnlySpan<double> row, int cycle, int patient)
        {
            var day = cycle * (int)NsclcTwinModel.CycleDays;
            var anc = row[TwinObservation.LatestAnc];
            if (!double.IsFinite(anc) || anc <= 0)
            {
                throw new ArgumentException($"Twin-MPC: patient {patient}, cycle {cycle}: observation {TwinObservation.Names[TwinObservation.LatestAnc]} = {anc} must be finite and > 0.");
            }

            Anc.Add(new Measurement(day, anc));
            if (row[TwinObservation.DaysSinceScan] != 0)
            {
                return;
            }

            var sld = row[TwinObservation.LatestSld];
            if (!double.IsFinite(sld) || sld < 0)
            {
                throw new ArgumentException($"Twin-MPC: patient {patient}, cycle {cycle}: observation {TwinObservation.Names[TwinObservation.LatestSld]} = {sld} must be finite and >= 0.");
            }

            Sld.Add(new Measurement(day, sld));
        }
    }
}
