using System.Diagnostics;
using DtSmdrl.Pipeline.Baselines.Supervised;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Fusion.Evaluation;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Evaluation.Prior;

/// <summary>What prior-eval measured: the score rows and the cost of the fits.</summary>
/// <param name="Rows">Scores per prior, patient set and quantity.</param>
/// <param name="TrainPatients">Training patients with a course (posterior fits).</param>
/// <param name="TestPatients">Test patients scored.</param>
/// <param name="PosteriorSecondsPerPatient">Mean wall seconds of one course posterior on one worker.</param>
/// <param name="PosteriorWallSeconds">Wall seconds of all posterior fits.</param>
/// <param name="ModelSeconds">Wall seconds of the cross-fitted models per learner.</param>
/// <param name="LatentsUsingModel">Per learner, how many latents the full model predicts (the others keep N(0, 1)).</param>
public sealed record PriorEvaluationReport(
    IReadOnlyList<PriorScoreRow> Rows,
    int TrainPatients,
    int TestPatients,
    double PosteriorSecondsPerPatient,
    double PosteriorWallSeconds,
    IReadOnlyDictionary<string, double> ModelSeconds,
    IReadOnlyDictionary<string, int> LatentsUsingModel);

/// <summary>
/// EVALUATION ONLY (reads truth.jsonl): scores the twin priors a method could start from against the true latents and
/// responder status. On the test patients: the population prior (N(0, I), population responder rate), the biomarker prior
/// (today's: N(0, I), responder from PD-L1/TMB), the learned priors (<see cref="LearnedTwinPrior"/> with LightGBM and with
/// the linear learner, fitted on all training courses), and for the responder the Bayes ceiling
/// (<see cref="ResponderBayesCeiling"/>). On the training patients: the course posteriors themselves (what the learners are
/// trained on), the population prior and the cross-fitted learned priors. The true z[0] is expressed in the convention the
/// priors use: for a patient with measured lesions, the baseline SLD's measurement noise (true SLD - measured) / sd.
/// </summary>
public static class PriorEvaluation
{
    public const string Population = "population";
    public const string Biomarker = "biomarker";
    public const string CoursePosterior = "course posterior";
    public const string BayesCeiling = "bayes ceiling (generator likelihood)";

    public static PriorEvaluationReport Run(StudyCohort cohort, LearnedTwinPriorOptions options, int seed, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var population = cohort.Manifest.Options.Population ?? CohortPopulation.Default;
        var prior = new TwinPrior(population.Latent);
        var data = cohort.TrainingData();
        var test = cohort.InSplit(CohortSplit.Test);
        if (test.Count == 0)
        {
            throw new ArgumentException("prior-eval: the cohort has no test patients.");
        }

        var learners = new[] { PriorModelKind.LightGbm, PriorModelKind.Linear }
            .Select(kind => (Name: kind.ToString().ToLowerInvariant(), Prior: new LearnedTwinPrior(prior, options with { Model = kind }))).ToList();
        var (trainPatients, courses) = learners[0].Prior.TrainingCourses(data);
        var watch = Stopwatch.StartNew();
        var fits = new CoursePosteriorFitter(prior, options.Posterior, options.Threads)
            .Fit(trainPatients.Select(p => (p.Observed, courses[p.Id].Observations)).ToList(), seed, progress);
        var posteriorWall = watch.Elapsed.TotalSeconds;
        var modelSeconds = new Dictionary<string, double>();
        foreach (var (name, learned) in learners)
        {
            watch.Restart();
            learned.FitModels(data, fits, seed, progress);
            modelSeconds[name] = watch.Elapsed.TotalSeconds;
        }

        var populationRate = PopulationResponderRate.Of(prior.Options);
        var standard = GaussianLatentPrior.Standard(populationRate);
        var rows = new List<PriorScoreRow>();
        var testTruth = test.Select(p => TrueLatent(cohort.Truth[p.Id], p.Observed, prior)).ToList();
        rows.AddRange(Score(Population, "test", test.Select(_ => standard).ToList(), testTruth));
        rows.AddRange(Score(Biomarker, "test", test.Select(p => GaussianLatentPrior.Standard(BiomarkerResponder(prior, p.Observed, seed))).ToList(), testTruth));
        foreach (var (name, learned) in learners)
        {
            learned.Precompute(test.Select(p => p.Observed).ToList());
            rows.AddRange(Score(name, "test", test.Select(p => learned.PriorOf(p.Observed)).ToList(), testTruth));
        }

        var ceiling = new ResponderBayesCeiling(population, cohort.Manifest.Options.NoiseScale);
        var ceilingP = test.Select(p => ceiling.Probability(p.Observed, seed)).ToList();
        rows.Add(ResponderRow(BayesCeiling, "test", ceilingP, testTruth.Select(t => t.Responder).ToList()));

        var trainTruth = trainPatients.Select(p => TrueLatent(cohort.Truth[p.Id], p.Observed, prior)).ToList();
        rows.AddRange(Score(CoursePosterior, "train", fits.Select(f => new GaussianLatentPrior(f.Mean, f.Sd.Select(s => Math.Max(s, 1e-6)).ToArray(),
            Math.Clamp(f.ResponderProbability, 1e-6, 1 - 1e-6))).ToList(), trainTruth));
        rows.AddRange(Score(Population, "train", trainPatients.Select(_ => standard).ToList(), trainTruth));
        foreach (var (name, learned) in learners)
        {
            rows.AddRange(Score(name + " (cross-fitted)", "train", trainPatients.Select(p => learned.PriorOf(p.Observed)).ToList(), trainTruth));
        }

        return new PriorEvaluationReport(rows, trainPatients.Count, test.Count, fits.Average(f => f.Seconds), posteriorWall, modelSeconds,
            learners.ToDictionary(l => l.Name, l => l.Prior.FullModel.UsesModel.Count(u => u)));
    }

    /// <summary>The true latent in the priors' convention (see the class remarks) and the true responder status.</summary>
    public static (double[] Z, bool Responder) TrueLatent(PatientTruth truth, PatientRecord observed, TwinPrior prior)
    {
        ArgumentNullException.ThrowIfNull(truth);
        var z = (double[])truth.LatentZ.Clone();
        if (observed.Imaging?.LesionDiametersMm is { Count: > 0 } lesions)
        {
            var trueSld = NsclcDynamics.SldFromVolume(truth.Parameters.V0, truth.Parameters.LesionCount);
            z[0] = (trueSld - lesions.Sum()) / prior.Options.SldMeasurementSd;
        }

        return (z, truth.Responder);
    }

    private static double BiomarkerResponder(TwinPrior prior, PatientRecord observed, int seed)
    {
        var rng = new Random(seed);
        const int draws = 32;
        return Enumerable.Range(0, draws).Average(_ => prior.ResponderProbability(prior.ObservedCovariates(observed, rng)));
    }

    private static IEnumerable<PriorScoreRow> Score(string model, string patients, IReadOnlyList<GaussianLatentPrior> priors, IReadOnlyList<(double[] Z, bool Responder)> truth)
    {
        for (var k = 0; k < TwinPrior.LatentDimension; k++)
        {
            var crps = priors.Select((p, i) => PriorScores.GaussianCrps(p.Mean[k], p.Sd[k], truth[i].Z[k])).Average();
            var coverage = priors.Select((p, i) => Math.Abs(truth[i].Z[k] - p.Mean[k]) <= 1.6448536 * p.Sd[k] ? 1.0 : 0.0).Average();
            yield return new PriorScoreRow(model, patients, TwinPrior.LatentNames[k], priors.Count, crps, coverage, double.NaN, double.NaN);
        }

        yield return ResponderRow(model, patients, priors.Select(p => p.ResponderProbability).ToList(), truth.Select(t => t.Responder).ToList());
    }

    private static PriorScoreRow ResponderRow(string model, string patients, IReadOnlyList<double> probabilities, IReadOnlyList<bool> outcomes) =>
        new(model, patients, "responder", probabilities.Count, double.NaN, double.NaN, BinaryScores.Brier(probabilities, outcomes),
            Calibration.ExpectedCalibrationError(Calibration.ReliabilityDiagram(probabilities, outcomes)));
}
