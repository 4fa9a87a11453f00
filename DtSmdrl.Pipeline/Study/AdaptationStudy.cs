using DtSmdrl.Pipeline.Evaluation.Progress;
using DtSmdrl.Pipeline.Study.Truth;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// Adaptation speed in observed scans (metrics.md version 2, "Adaptation speed"). For a subset of the test patients and
/// every evaluation replicate, each fitted arm runs its own episode on the TRUE twin from cycle 0; at the decision point
/// after k = 0 .. <see cref="AdaptationOptions.MaxScans"/> scans (a scan every block of the plan library: 2 cycles, 42
/// days) the true state reached is copied, and three continuations from it are compared on the same evaluation dice:
/// the arm's own (the rest of its episode), the perfect-information continuation (<see cref="PerfectInformationContinuation"/>)
/// and no treatment. <see cref="AdaptationSummary"/> turns them into the continuation gain captured per (arm, k).
/// An arm that gave the same actions as an earlier arm to a patient up to a decision point, on the same replicate, has
/// reached the same true state there (common random numbers), so that continuation is taken from the earlier arm's
/// search instead of searched again.
/// </summary>
/// <remarks>
/// The arms are the fitted methods; they get only <see cref="StudyPatient"/>s (through <see cref="ITreatmentMethod.Prepare"/>)
/// and the environment's observations. The true state is read by this class alone, after the arm's episode has
/// been recorded, so nothing the search finds can reach the arm.
/// </remarks>
public static class AdaptationStudy
{
    /// <summary>Runs the measurement; returns one record per (arm, k, patient, replicate), arms in order.</summary>
    /// <param name="arms">Fitted methods.</param>
    /// <param name="test">The test patients.</param>
    /// <param name="truth">Their truth, in the same order (evaluation only).</param>
    /// <param name="settings">The study's V* settings: environment, R_o, R (the evaluation replicates), utility, limit.</param>
    /// <param name="adaptation">Patients measured, scans, target share.</param>
    /// <param name="threads">Workers for the continuation searches (results do not depend on it).</param>
    /// <param name="progress">Progress lines, or null.</param>
    /// <param name="perfect">
    /// The study's V* choices for <paramref name="test"/> (same order, chosen with <paramref name="settings"/>), reused as the
    /// continuation at k = 0 (they are the same search: the state at cycle 0 is the twin's initial state); null searches again.
    /// </param>
    public static IReadOnlyList<ContinuationRecord> Run(IReadOnlyList<ITreatmentMethod> arms, IReadOnlyList<StudyPatient> test,
        IReadOnlyList<EvaluationTruth> truth, PerfectInformationSettings settings, AdaptationOptions adaptation, int threads, IProgress<string>? progress = null,
        IReadOnlyList<PerfectInformationChoice>? perfect = null)
    {
        ArgumentNullException.ThrowIfNull(arms);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(adaptation);
        adaptation.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (!truth.Select(t => t.Id).SequenceEqual(test.Select(p => p.Id)))
            throw new ArgumentException("The truth must list the test patients, in the same order.", nameof(truth));
        var library = new PlanLibrary(settings.Environment.Simulation.Actions, settings.Environment.Cycles);
        // Scans fall on block boundaries of the plan library (the continuation starts there): check the two agree.
        var scanCycles = library.BlockCycles;
        if (settings.Environment.Simulation.ScanIntervalDays != scanCycles * Twin.Models.NsclcTwinModel.CycleDays)
            throw new ArgumentException($"Scans every {settings.Environment.Simulation.ScanIntervalDays} days but the plan library's blocks last {scanCycles} cycles of {Twin.Models.NsclcTwinModel.CycleDays} days: the decision points after each scan must be block boundaries.", nameof(settings));
        if (adaptation.MaxScans * scanCycles >= settings.Environment.Cycles)
            throw new ArgumentException($"AdaptationOptions.MaxScans = {adaptation.MaxScans}: the decision point after it (cycle {adaptation.MaxScans * scanCycles}) must be before the horizon of {settings.Environment.Cycles} cycles.", nameof(adaptation));

        var picked = Pick(test.Count, adaptation.Patients);
        var patients = picked.Select(i => test[i]).ToList();
        var patientTruth = picked.Select(i => truth[i]).ToList();
        var runner = new EpisodeRunner(settings.Environment);
        var replicates = settings.EvaluationReplicates;
        var n = patients.Count;
        var scans = adaptation.MaxScans + 1;
        var atStart = StartPlans(picked, truth, settings, perfect, library, threads);
        var records = new List<ContinuationRecord>();
        // Continuations after k >= 1 scans searched so far, by patient, replicate, k and the actions given before.
        var searched = new Dictionary<(int Patient, int Replicate, int Scans, string Given), ContinuationChoice>();
        foreach (var arm in arms)
        {
            progress?.Report($"adaptation: {arm.Name} on {n} patients x {replicates} replicates");
            var plan = arm.Prepare(patients);
            // The true state before the decision after k scans, per replicate and k (copied as the episode passes it).
            var states = new NsclcBatchSimulator[replicates, scans];
            for (var r = 0; r < replicates; r++)
                for (var k = 0; k < scans; k++) states[r, k] = new NsclcBatchSimulator(n, settings.Environment.Simulation);
            var episodes = runner.RunReplicates(plan.Policy, patientTruth, replicates, threads: 1, beforeDecision: (replicate, cycle, simulator) =>
            {
                if (cycle % scanCycles == 0 && cycle / scanCycles < scans)
                    states[replicate, cycle / scanCycles].BranchFrom(simulator, Enumerable.Range(0, n).ToArray());
            });

            var items = scans * replicates * n;
            var armRecords = new ContinuationRecord[items];
            var keys = new (int, int, int, string)[items];
            var choices = new ContinuationChoice[items];
            var reused = new bool[items];
            using var bar = progress is null ? null : new ProgressBar($"adaptation {arm.Name}", items);
            Parallel.For(0, items, new ParallelOptions { MaxDegreeOfParallelism = threads },
                () => PerfectInformationContinuation.For(settings),
                (item, _, search) =>
                {
                    var k = item / (replicates * n);
                    var r = item / n % replicates;
                    var p = item % n;
                    var state = states[r, k];
                    var episode = episodes[r * n + p];
                    var cycle = k * scanCycles;
                    var given = episode.Actions.Take(cycle).Count(a => a >= 0 && library.Actions[a].Chemotherapy > 0);
                    keys[item] = (p, r, k, string.Join(',', episode.Actions.Take(cycle)));
                    // The dictionary is only read inside the loop; this arm's searches are added after it.
                    ContinuationChoice? earlier = null;
                    reused[item] = k > 0 && searched.TryGetValue(keys[item], out earlier);
                    var choice = k == 0
                        ? search.Value(state, p, atStart[p].Actions, atStart[p].SevereProbability)
                        : earlier ?? search.Solve(patientTruth[p], state, p, given);
                    choices[item] = choice;
                    var utility = search.Utility;
                    var before = utility.Value(new(state.ToxicityDays[p], state.TwistDays[p], state.RelapseDays[p]));
                    armRecords[item] = new ContinuationRecord(arm.Name, k, cycle, patients[p].Id, r,
                        utility.Value(episode.Days) - before, utility.Value(choice.Days), utility.Value(choice.HoldDays), choice.WithinLimit);
                    bar?.Increment();
                    return search;
                },
                _ => { });
            records.AddRange(armRecords);
            for (var item = 0; item < items; item++)
                if (item / (replicates * n) > 0 && !reused[item]) searched.TryAdd(keys[item], choices[item]);
            var later = items - replicates * n;
            progress?.Report($"adaptation: {arm.Name}: {reused.Count(x => x)} of {later} continuations after k >= 1 scans taken from an earlier arm that had given the same actions");
        }
        return records;
    }

    // The continuation at k = 0 per picked patient: independent of the arm and the replicate (the oracle replicates start
    // from a reset), so searched once per patient, or taken from the study's V* choices.
    private static (int[] Actions, double SevereProbability)[] StartPlans(List<int> picked, IReadOnlyList<EvaluationTruth> truth,
        PerfectInformationSettings settings, IReadOnlyList<PerfectInformationChoice>? perfect, PlanLibrary library, int threads)
    {
        var result = new (int[] Actions, double SevereProbability)[picked.Count];
        if (perfect is not null)
        {
            if (perfect.Count != truth.Count) throw new ArgumentException($"{truth.Count} test patients but {perfect.Count} V* choices.", nameof(perfect));
            for (var k = 0; k < picked.Count; k++)
            {
                var choice = perfect[picked[k]];
                if (choice.Utility != settings.Utilities[0])
                    throw new ArgumentException($"Patient {truth[picked[k]].Id}: V* was chosen for another utility than the measurement's.", nameof(perfect));
                result[k] = (library.Plan(choice.Plan).ToArray(), choice.SevereProbability);
            }
            return result;
        }
        Parallel.For(0, picked.Count, new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => PerfectInformationContinuation.For(settings),
            (k, _, search) =>
            {
                var t = truth[picked[k]];
                var start = new NsclcBatchSimulator(1, settings.Environment.Simulation);
                start.Reset([t.TrueTwin], [DiceSeeds.Evaluation(t.DiceSeed, 0)]);
                result[k] = search.Choose(t, start, 0, 0);
                return search;
            },
            _ => { });
        return result;
    }

    /// <summary>Evenly spaced test indices, so the subset does not depend on how the split happened to be ordered at the top.</summary>
    public static List<int> Pick(int count, int wanted)
    {
        var n = Math.Min(count, wanted);
        return Enumerable.Range(0, n).Select(k => (int)((long)k * count / n)).ToList();
    }
}
