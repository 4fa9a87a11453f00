using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Planning;

/// <summary>
/// One Twin-MPC decision of a diagnostic episode: the severe-event forecasts of the plan it executed (the remaining
/// blocks of the chosen plan, from the decision point on), each changing one thing against the search's own, and
/// what happened.
/// </summary>
/// <param name="Patient">Patient index in the diagnostic cohort.</param>
/// <param name="Replicate">Evaluation replicate (dice).</param>
/// <param name="Cycle">Decision cycle (0 = the prepared cycle-0 choice).</param>
/// <param name="SevereBefore">The patient had a severe event before this decision.</param>
/// <param name="Search">The search's forecast (M samples, the share it selected the plan on).</param>
/// <param name="Fresh">The same plan on K fresh samples of an independent belief of the same kind, fresh dice.</param>
/// <param name="FreshFineStep">As <see cref="Fresh"/> at the study's solver step.</param>
/// <param name="FreshDeadCounted">As <see cref="Fresh"/> with samples that died before the decision in the denominator.</param>
/// <param name="FreshRichPosterior">As <see cref="Fresh"/> from a posterior with more particles and sweeps (NaN when off).</param>
/// <param name="TrueTwin">The same plan on K copies of the true twin (prefix re-simulated with fresh dice, alive ones counted), study step.</param>
/// <param name="RealisedAfter">A severe event happened from this decision to the end of follow-up.</param>
/// <param name="RealisedEpisode">A severe event happened in the episode (what the study's violation rate counts).</param>
public sealed record TwinMpcDecisionDiagnosis(
    int Patient,
    int Replicate,
    int Cycle,
    bool SevereBefore,
    double Search,
    double Fresh,
    double FreshFineStep,
    double FreshDeadCounted,
    double FreshRichPosterior,
    double TrueTwin,
    bool RealisedAfter,
    bool RealisedEpisode);

/// <summary>
/// Evaluation-side diagnosis of Twin-MPC's safety limit (issue 14): synthetic patients run as episodes on their true
/// twins; at every decision the executed plan's severe-event forecast is recomputed with one cause changed at a time
/// (fresh samples and dice, the study's solver step, dead samples counted, a richer posterior, the true twin) and set against what happened. This code sees the true twins; the method under test never does
/// (it gets only the observed records and its observations).
/// </summary>
public static class TwinMpcDiagnosis
{
    /// <param name="patients">Synthetic patients (cohort generator, seed <paramref name="seed"/>).</param>
    /// <param name="replicates">Evaluation replicates (independent dice) per patient.</param>
    /// <param name="seed">Cohort and method seed.</param>
    /// <param name="threads">Worker threads.</param>
    /// <param name="freshSamples">K: samples of each recomputed forecast.</param>
    /// <param name="richPosterior">Posterior settings of the richer belief; null skips that forecast.</param>
    /// <param name="options">Twin-MPC settings (default: the study's).</param>
    public static List<TwinMpcDecisionDiagnosis> Run(int patients, int replicates, int seed, int threads, int freshSamples,
        PosteriorOptions? richPosterior, TwinMpcOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patients, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicates, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(freshSamples, 1);
        options = (options ?? new TwinMpcOptions()) with { Threads = threads };
        options.Validate();
        richPosterior?.Validate();
        var cohort = new SyntheticCohortGenerator(new CohortOptions { Size = patients, Seed = seed }).Generate().ToList();
        var records = cohort.Select(p => p.Observed).ToList();
        var twins = cohort.Select(p => p.Truth.Parameters).ToArray();
        var prior = new TwinPrior();
        var method = new TwinMpcMethod(options, prior: prior);
        method.Fit(new StudyData([], [], [], []), seed);
        var plan = method.Prepare(records);
        var policy = (TwinMpcPolicy)plan.Policy;
        var library = method.Library;
        var freshSource = new BiomarkerPosteriorSource(prior, options.Posterior);
        var richSource = richPosterior is null ? null : new BiomarkerPosteriorSource(prior, richPosterior);
        var coarse = TwinMpcPlanner.SearchEnvironment(options);
        var fine = options.Environment;

        var rows = new List<TwinMpcDecisionDiagnosis>();
        for (var r = 0; r < replicates; r++)
        {
            // The diagnosis's own evaluation dice, and its own seeds for the recomputed forecasts (never the method's).
            var dice = Enumerable.Range(0, patients).Select(i => CounterRandom.Bits(0xD1A6_0000UL + (ulong)seed, (ulong)r, (ulong)i)).ToArray();
            var environment = new BatchedTwinEnvironment(patients, options.Environment);
            var observations = new double[patients * environment.ObservationSize];
            var rewards = new double[patients];
            var costs = new double[patients];
            var done = new bool[patients];
            var actions = new int[patients];
            var severeAt = new bool[patients, options.Environment.Cycles];
            var pending = new List<(int Patient, int Cycle, double[] Forecasts)>();
            var freshBeliefs = new ITwinBelief[patients];
            var richBeliefs = new ITwinBelief?[patients];
            for (var i = 0; i < patients; i++)
            {
                var beliefSeed = (int)(CounterRandom.Bits(0xD1A6_B000UL, (ulong)r, (ulong)i) & 0x7FFF_FFFF);
                freshBeliefs[i] = freshSource.Start(records[i], beliefSeed);
                richBeliefs[i] = richSource?.Start(records[i], beliefSeed);
            }

            environment.Reset(twins, dice, observations);
            for (var cycle = 0; cycle < options.Environment.Cycles; cycle++)
            {
                policy.Decide(cycle, observations, done, actions);
                if (cycle % library.BlockCycles == 0)
                {
                    var deciding = Enumerable.Range(0, patients).Where(i => !done[i]).ToArray();
                    var forecasts = new double[deciding.Length][];
                    Parallel.For(0, deciding.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, k =>
                    {
                        var i = deciding[k];
                        var (chosen, at, seen) = policy.Current(i);
                        var offset = (cycle - at) / library.BlockCycles;
                        var blocks = chosen.Blocks[offset..];
                        var taken = seen.Actions.Take(cycle).ToArray();
                        var history = new ObservedHistory(taken, seen.Sld, seen.Anc);
                        var seeds = TwinMpcMethod.SampleSeeds(CounterRandom.Bits(0xD1A6_5EEDUL, (ulong)r, (ulong)i), cycle, freshSamples);
                        if (cycle > 0)
                        {
                            freshBeliefs[i].Update(history);
                            richBeliefs[i]?.Update(history);
                        }

                        var samples = freshBeliefs[i].Sample(freshSamples);
                        var (fresh, freshAll) = Forecast(coarse, library.BlockCycles, samples, seeds, taken, blocks);
                        var (freshFine, _) = Forecast(fine, library.BlockCycles, samples, seeds, taken, blocks);
                        var rich = richBeliefs[i] is { } belief
                            ? Forecast(coarse, library.BlockCycles, belief.Sample(freshSamples), seeds, taken, blocks).Alive
                            : double.NaN;
                        var (trueTwin, _) = Forecast(fine, library.BlockCycles, Enumerable.Repeat(twins[i], freshSamples).ToArray(), seeds, taken, blocks);
                        forecasts[k] = [chosen.SevereProbability, fresh, freshFine, freshAll, rich, trueTwin];
                    });
                    for (var k = 0; k < deciding.Length; k++)
                    {
                        pending.Add((deciding[k], cycle, forecasts[k]));
                    }
                }

                environment.Step(actions, observations, rewards, costs, done, threads);
                var severe = environment.SevereToxicity;
                for (var i = 0; i < patients; i++)
                {
                    severeAt[i, cycle] = severe[i];
                }
            }

            foreach (var (i, cycle, f) in pending)
            {
                bool before = false, after = false;
                for (var c = 0; c < options.Environment.Cycles; c++)
                {
                    before |= c < cycle && severeAt[i, c];
                    after |= c >= cycle && severeAt[i, c];
                }

                rows.Add(new TwinMpcDecisionDiagnosis(i, r, cycle, before, f[0], f[1], f[2], f[3], f[4], f[5], after, before || after));
            }
        }

        return rows;
    }

    /// <summary>
    /// Severe-event probability from the decision point on of one remaining plan on these parameter sets, the prefix
    /// <paramref name="taken"/> simulated first: over the samples alive at the decision (as the search counts), and
    /// over all samples (dead ones counted as event-free).
    /// </summary>
    public static (double Alive, double All) Forecast(TwinEnvironmentOptions environment, int blockCycles, NsclcParameters[] samples,
        ulong[] seeds, IReadOnlyList<int> taken, int[] blocks)
    {
        var root = new NsclcBatchSimulator(samples.Length, environment.Simulation);
        root.Reset(samples, seeds);
        var actions = new int[samples.Length];
        foreach (var action in taken)
        {
            Array.Fill(actions, action);
            root.Advance(actions, (int)NsclcTwinModel.CycleDays);
        }

        var search = new PlanTreeSearch(environment, blockCycles);
        var reward = new double[1];
        var severe = new double[1];
        search.Evaluate(root, [blocks], reward, severe, new double[1]);
        var alive = 0;
        foreach (var a in root.Alive)
        {
            alive += a ? 1 : 0;
        }

        return (severe[0], alive == 0 ? severe[0] : severe[0] * alive / samples.Length);
    }
}
