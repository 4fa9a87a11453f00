using System.Diagnostics;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Twin.Inference;

namespace DtSmdrl.Pipeline.Twin.Prior;

/// <summary>
/// Fits the particle posterior (<see cref="TwinPosterior"/>) to each training patient's retrospective course, started from
/// the POPULATION prior: z ~ N(0, I) and P(responder) = <see cref="PopulationResponderRate"/>, not the biomarker-conditioned
/// prior, so the learned model cannot just learn the biomarker prior back. The observed covariates still enter where they
/// are part of the twin's structure, not of its prior: EGFR status, age and ECOG in the map from z to parameters, the
/// measured baseline SLD and lesion count (so z[0] is the baseline SLD's measurement noise for a patient with lesions
/// measured, as in every twin prior that uses the measured SLD); missing covariates are drawn once per patient.
/// Patients run in parallel; each one's numbers depend only on its own record, course and the seed.
/// </summary>
public sealed class CoursePosteriorFitter(TwinPrior prior, PosteriorOptions posterior, int threads = 1)
{
    /// <summary>The responder probability the fits start from.</summary>
    public double PopulationResponderProbability { get; } = PopulationResponderRate.Of(prior.Options);

    /// <summary>One fit per patient, in input order; progress reports every finished patient.</summary>
    public IReadOnlyList<PosteriorLatentFit> Fit(IReadOnlyList<(PatientRecord Record, IReadOnlyList<OutcomeObservation> Course)> patients,
        int seed, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(patients);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var fits = new PosteriorLatentFit[patients.Count];
        var done = 0;
        Parallel.For(0, patients.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            fits[i] = FitOne(patients[i].Record, patients[i].Course, PatientSeed(seed, patients[i].Record.PatientId));
            var finished = Interlocked.Increment(ref done);
            progress?.Report($"posterior fits: {finished}/{patients.Count} training courses");
        });
        return fits;
    }

    /// <summary>The posterior of one patient (deterministic for <paramref name="seed"/>).</summary>
    public PosteriorLatentFit FitOne(PatientRecord record, IReadOnlyList<OutcomeObservation> course, int seed)
    {
        ArgumentNullException.ThrowIfNull(record);
        var watch = Stopwatch.StartNew();
        // The posterior simulates with the default simulation options, hence their action set.
        var history = CourseHistory.From(course, ActionSet.NsclcDefault);
        var covariates = prior.ObservedCovariates(record, new Random(seed));
        var start = GaussianLatentPrior.Standard(PopulationResponderProbability);
        var twin = new TwinPosterior(prior, covariates, start, posterior with { Seed = seed, Threads = 1 });
        twin.Update(history);
        var (mean, sd) = twin.LatentMoments();
        return new PosteriorLatentFit(record.PatientId, mean, sd, twin.ResponderProbability, history.Sld.Count + history.Anc.Count, watch.Elapsed.TotalSeconds);
    }

    /// <summary>A patient's seed from the run seed and its id (stable under reordering of the patients).</summary>
    public static int PatientSeed(int seed, string patientId)
    {
        var h = 2166136261u ^ (uint)seed;
        foreach (var c in patientId)
        {
            h = (h ^ c) * 16777619u;
        }

        return (int)(h & 0x7fffffff);
    }
}
