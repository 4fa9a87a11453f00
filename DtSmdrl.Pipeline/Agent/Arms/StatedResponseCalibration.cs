using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation.Uncertainty;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Models;
using EvalRecist = DtSmdrl.Pipeline.Evaluation.RecistResponse;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// Calibration of DT-SMDRL's stated response probability (the share of its m twin rollouts with CR or PR) on the validation
/// split's retrospective courses: the only outcomes a method may calibrate on (metrics.md: nothing about a test patient).
/// For every validation patient with a recorded course, the agent's twin source draws m samples from the observed record
/// (as at decision time), the cycles the course records are replayed on each sample (hold after a course that ended early),
/// over the courses' length and without follow-up, as the record was observed, and the share of samples with an objective
/// response is paired with the course's observed RECIST response. Platt scaling
/// (two parameters, chosen before any test result was seen, as for the supervised baseline) is fitted on the logit of the
/// share smoothed as (k + 1/2) / (m + 1), so a share of 0 or 1 keeps a finite logit.
/// </summary>
/// <remarks>
/// What it corrects is the twin's predictive error, measured under the plans clinicians gave; applying it to the agent's
/// own plan assumes that error does not depend much on the plan. The m-sample share is a noisy estimate of the twin's
/// probability, so even a correct twin states overconfident shares; Platt's slope below 1 pulls them in.
/// </remarks>
/// <param name="Map">Platt scaling of the smoothed share's logit (the identity with too few courses or one class).</param>
/// <param name="Samples">m, the rollouts per stated probability (the agent's forecast samples).</param>
/// <param name="Courses">Validation courses it was fitted on.</param>
/// <param name="Responders">Of those, courses with an objective response.</param>
public sealed record StatedResponseCalibration(PlattScaling Map, int Samples, int Courses, int Responders)
{
    /// <summary>Fewer courses than this (or one class only) leave the map at the identity.</summary>
    public const int MinimumCourses = 20;

    /// <summary>The calibrated probability of a share of <see cref="Samples"/> rollouts.</summary>
    public double Apply(double share) => Apply(share, Samples);

    /// <summary>The calibrated probability of a share of <paramref name="samples"/> rollouts (e.g. the service's forecast samples).</summary>
    public double Apply(double share, int samples)
    {
        if (!(share >= 0 && share <= 1))
            throw new ArgumentOutOfRangeException(nameof(share), share, "Stated response calibration: the share is not in [0, 1].");
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        return Map.Apply(Smooth(share, samples));
    }

    /// <summary>(k + 1/2) / (m + 1) for a share k / m: strictly inside (0, 1), order kept.</summary>
    public static double Smooth(double share, int samples) => (share * samples + 0.5) / (samples + 1.0);

    /// <summary>
    /// Fits the map on <paramref name="patients"/>' courses (the validation split): <paramref name="source"/> must be fitted
    /// (on the training split) and precomputed for these records.
    /// </summary>
    public static StatedResponseCalibration Fit(
        IReadOnlyList<StudyPatient> patients,
        IReadOnlyList<RetrospectiveCourse> courses,
        IPatientTwinSource source,
        TwinEnvironmentOptions environment,
        int samples,
        int seed,
        int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var byId = courses.Where(c => c.Observations.Count > 1).ToDictionary(c => c.PatientId);
        var used = patients.Where(p => byId.ContainsKey(p.Id)).ToList();
        var actions = environment.Simulation.Actions;
        // The courses' own window: as many cycles as the longest recorded course, no follow-up scans after it.
        var cycles = used.Count == 0 ? 1 : used.Max(p => byId[p.Id].Observations.Max(o => o.Cycle));
        var window = environment with { Cycles = cycles, FollowUpDay = 0 };
        var rng = new Random(unchecked(seed * 7717 + 5));
        var twins = new List<NsclcParameters>(used.Count * samples);
        var plans = new List<int[]>(used.Count * samples);
        var outcomes = new bool[used.Count];
        for (var i = 0; i < used.Count; i++)
        {
            var course = byId[used[i].Id];
            outcomes[i] = course.ObjectiveResponse;
            var plan = GivenPlan(course, actions, cycles);
            twins.AddRange(source.SampleTwins(used[i].Observed, samples, rng));
            for (var j = 0; j < samples; j++) plans.Add(plan);
        }
        var positives = outcomes.Count(o => o);
        if (used.Count < MinimumCourses || positives == 0 || positives == used.Count)
            return new StatedResponseCalibration(PlattScaling.Identity, samples, used.Count, positives);

        var seeds = twins.Select(_ => (ulong)rng.NextInt64()).ToArray();
        var ids = Enumerable.Range(0, twins.Count).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var episodes = new EpisodeRunner(window).Run(new FixedPlanPolicy(plans), ids, twins.ToArray(), seeds, threads);
        var smoothed = Enumerable.Range(0, used.Count)
            .Select(i => Smooth(episodes.Skip(i * samples).Take(samples).Count(e => e.BestResponse is EvalRecist.CR or EvalRecist.PR) / (double)samples, samples))
            .ToArray();
        return new StatedResponseCalibration(PlattScaling.Fit(smoothed, outcomes), samples, used.Count, positives);
    }

    // The action of every cycle the course records (its observation k > 0 is cycle k), hold after the course ends.
    private static int[] GivenPlan(RetrospectiveCourse course, ActionSet actions, int cycles)
    {
        var hold = actions.IndexOf("hold");
        var plan = Enumerable.Repeat(hold, cycles).ToArray();
        foreach (var observation in course.Observations.Where(o => o.Cycle >= 1 && o.Cycle <= cycles))
        {
            var given = observation.TreatmentGiven;
            if (!actions.Names.Contains(given))
                throw new InvalidDataException(
                    $"Stated response calibration: patient {course.PatientId}, cycle {observation.Cycle}: treatment_given '{given}' is not one of the actions ({string.Join(", ", actions.Names)}).");
            plan[observation.Cycle - 1] = actions.IndexOf(given);
        }
        return plan;
    }
}
