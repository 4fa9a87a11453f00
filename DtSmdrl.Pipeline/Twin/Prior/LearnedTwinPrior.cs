using System.Collections.Concurrent;
using System.Diagnostics;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Planning;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Models;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Twin.Prior;

/// <summary>
/// A twin prior learned from the retrospective courses, for both twin consumers: Twin-MPC's beliefs
/// (<see cref="ITwinBeliefSource"/>: a particle posterior started from the patient's learned prior) and DT-SMDRL's twin
/// samples (<see cref="IPatientTwinSource"/>). <see cref="Fit"/>:
/// <list type="number">
/// <item>fits the particle posterior to every training patient's course from the population prior (<see cref="CoursePosteriorFitter"/>);</item>
/// <item>featurises every baseline record (all modalities but the note; statistics from the training records only, no labels);</item>
/// <item>cross-fits <see cref="LatentPriorModel"/> over <see cref="LearnedTwinPriorOptions.Folds"/> folds of the training
/// patients with a course: a training patient's prior comes from the model fitted without its fold, so it never saw its
/// own course; every other patient (validation, test) gets the model fitted on all training courses.</item>
/// </list>
/// The covariates (EGFR, age, ECOG, measured lesions) map latents to parameters as in every twin prior; missing ones are
/// drawn per twin (per belief) from the population mix. The policy context is the plain <see cref="PatientContext"/> features.
/// </summary>
public sealed class LearnedTwinPrior : ITwinBeliefSource, IPatientTwinSource
{
    private readonly TwinPrior prior;
    private readonly LearnedTwinPriorOptions options;
    private readonly PosteriorOptions beliefPosterior;
    private readonly ConcurrentDictionary<PatientRecord, GaussianLatentPrior> cache = new(ReferenceEqualityComparer.Instance);
    private readonly Lock predictLock = new();
    private Dictionary<string, GaussianLatentPrior> crossFitted = [];
    private MLContext? ml;
    private ITransformer? featurizer;
    private LatentPriorModel? full;

    /// <summary>
    /// <paramref name="prior"/> maps latents to parameters; <paramref name="beliefPosterior"/> is the particle posterior
    /// of <see cref="Start"/> (Twin-MPC's; default <see cref="PosteriorOptions"/>).
    /// </summary>
    public LearnedTwinPrior(TwinPrior prior, LearnedTwinPriorOptions? options = null, PosteriorOptions? beliefPosterior = null)
    {
        this.prior = prior ?? throw new ArgumentNullException(nameof(prior));
        this.options = options ?? new LearnedTwinPriorOptions();
        this.options.Validate();
        this.beliefPosterior = beliefPosterior ?? new PosteriorOptions();
        this.beliefPosterior.Validate();
    }

    public string Description => $"learned multimodal twin prior ({options.Model}, {options.Folds}-fold cross-fitted on course posteriors)";

    /// <summary>The course posterior of every training patient with a course (after <see cref="Fit"/>).</summary>
    public IReadOnlyList<PosteriorLatentFit> PosteriorFits { get; private set; } = [];

    /// <summary>Wall seconds of the last <see cref="Fit"/>: the posterior fits, then the models.</summary>
    public (double Posterior, double Models) FitSeconds { get; private set; }

    /// <summary>The model fitted on all training courses (after <see cref="Fit"/>).</summary>
    public LatentPriorModel FullModel => full ?? throw new InvalidOperationException("LearnedTwinPrior: call Fit first.");

    public void Fit(StudyData data, int seed, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var watch = Stopwatch.StartNew();
        var (patients, courses) = TrainingCourses(data);
        var fitter = new CoursePosteriorFitter(prior, options.Posterior, options.Threads);
        var fits = fitter.Fit(patients.Select(p => (p.Observed, courses[p.Id].Observations)).ToList(), seed, progress);
        progress?.Report($"posterior fits: {patients.Count} courses in {watch.Elapsed.TotalSeconds:F1} s ({fits.Average(f => f.Seconds):F2} s per patient on one worker)");
        FitModels(data, fits, seed, progress);
        FitSeconds = FitSeconds with { Posterior = watch.Elapsed.TotalSeconds - FitSeconds.Models };
    }

    /// <summary>
    /// The training patients with a per-cycle retrospective course, in training order, and their courses; throws when
    /// there are too few for the folds.
    /// </summary>
    public (List<StudyPatient> Patients, Dictionary<string, RetrospectiveCourse> Courses) TrainingCourses(StudyData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var courses = data.TrainCourses.Where(c => c.Observations.Count > 0).ToDictionary(c => c.PatientId);
        var patients = data.Train.Where(p => courses.ContainsKey(p.Id)).ToList();
        if (patients.Count * (options.Folds - 1) / options.Folds < 2 * options.InnerFolds)
        {
            throw new ArgumentException($"The learned twin prior needs more training patients with a retrospective course for {options.Folds} folds of {options.InnerFolds} inner folds: got {patients.Count} (courses without their per-cycle observations do not count).");
        }

        return (patients, courses);
    }

    /// <summary>
    /// <see cref="Fit"/> after the posterior fits: <paramref name="fits"/> are those of <see cref="TrainingCourses"/>'s
    /// patients, in that order (so several learners can share one set of fits).
    /// </summary>
    public void FitModels(StudyData data, IReadOnlyList<PosteriorLatentFit> fits, int seed, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(fits);
        cache.Clear();
        var watch = Stopwatch.StartNew();
        var (patients, _) = TrainingCourses(data);
        if (fits.Count != patients.Count || fits.Where((f, i) => f.PatientId != patients[i].Id).Any())
        {
            throw new ArgumentException($"LearnedTwinPrior.FitModels: the {fits.Count} posterior fits do not match the {patients.Count} training patients with a course, in order.");
        }

        PosteriorFits = fits;
        ml = new MLContext(seed);
        featurizer = ml.DtSmdrl().FeaturizePatient(includeNote: false).Fit(PatientDataView.Create(ml, data.Train.Select(p => p.Observed).ToList()));
        var features = Featurise(patients.Select(p => p.Observed).ToList());
        var rows = patients.Select((p, i) => new PriorTrainingRow(features[i], PosteriorFits[i])).ToList();
        var fold = FoldOf(rows.Count, options.Folds, seed);
        crossFitted = new Dictionary<string, GaussianLatentPrior>();
        for (var k = 0; k < options.Folds; k++)
        {
            var held = Enumerable.Range(0, rows.Count).Where(i => fold[i] == k).ToList();
            var model = LatentPriorModel.Fit(Enumerable.Range(0, rows.Count).Where(i => fold[i] != k).Select(i => rows[i]).ToList(), options, seed + 101 * (k + 1));
            var predicted = model.Predict(held.Select(i => rows[i].Features).ToList());
            for (var j = 0; j < held.Count; j++)
            {
                crossFitted[patients[held[j]].Id] = predicted[j];
            }

            progress?.Report($"learned prior: fold {k + 1}/{options.Folds} fitted");
        }

        full = LatentPriorModel.Fit(rows, options, seed);
        FitSeconds = (0, watch.Elapsed.TotalSeconds);
        progress?.Report($"learned prior: models fitted in {FitSeconds.Models:F1} s; {full.UsesModel.Count(u => u)} of {TwinPrior.LatentDimension} latents use the model");
    }

    /// <summary>
    /// The patient's learned prior: for a training patient with a course, the cross-fitted one (from the model that never
    /// saw its course); otherwise the full model's.
    /// </summary>
    public GaussianLatentPrior PriorOf(PatientRecord observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        if (cache.TryGetValue(observed, out var known))
        {
            return known;
        }

        Precompute([observed]);
        return cache[observed];
    }

    public void Precompute(IReadOnlyList<PatientRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var model = full ?? throw new InvalidOperationException("LearnedTwinPrior: call Fit before asking for a patient's prior.");
        var missing = records.Distinct(ReferenceEqualityComparer.Instance).Cast<PatientRecord>().Where(r => !cache.ContainsKey(r)).ToList();
        foreach (var r in missing.Where(r => crossFitted.ContainsKey(r.PatientId)))
        {
            cache[r] = crossFitted[r.PatientId];
        }

        var rest = missing.Where(r => !crossFitted.ContainsKey(r.PatientId)).ToList();
        if (rest.Count == 0)
        {
            return;
        }

        lock (predictLock)
        {
            var predicted = model.Predict(Featurise(rest));
            for (var i = 0; i < rest.Count; i++)
            {
                cache[rest[i]] = predicted[i];
            }
        }
    }

    public ITwinBelief Start(PatientRecord observed, int seed)
    {
        var start = PriorOf(observed);
        var covariates = prior.ObservedCovariates(observed, new Random(seed));
        return new Belief(new TwinPosterior(prior, covariates, start, beliefPosterior with { Seed = seed }));
    }

    public float[] Context(PatientRecord observed) => PatientContext.Features(observed);

    public NsclcParameters[] SampleTwins(PatientRecord observed, int count, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var start = PriorOf(observed);
        var twins = new NsclcParameters[count];
        for (var i = 0; i < count; i++)
        {
            var covariates = prior.ObservedCovariates(observed, rng);
            twins[i] = prior.ToParameters(covariates, start.Sample(covariates, rng));
        }

        return twins;
    }

    /// <summary>Fold of each of <paramref name="count"/> patients: a seeded shuffle dealt round-robin (sizes differ by at most one).</summary>
    public static int[] FoldOf(int count, int folds, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        var fold = new int[count];
        for (var j = 0; j < count; j++)
        {
            fold[order[j]] = j % folds;
        }

        return fold;
    }

    private List<float[]> Featurise(IReadOnlyList<PatientRecord> records)
    {
        var (context, fitted) = ml is not null && featurizer is not null ? (ml, featurizer) : throw new InvalidOperationException("LearnedTwinPrior: call Fit first.");
        return fitted.Transform(PatientDataView.Create(context, records)).GetColumn<VBuffer<float>>("Features")
            .Select(v => v.DenseValues().ToArray()).ToList();
    }

    private sealed class Belief(TwinPosterior posterior) : ITwinBelief
    {
        public void Update(ObservedHistory history) => posterior.Update(history);

        public NsclcParameters[] Sample(int count) => posterior.SampleParameters(count);
    }
}
