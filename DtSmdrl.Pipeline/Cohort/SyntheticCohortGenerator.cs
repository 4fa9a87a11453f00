using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Cohort;

/// <summary>
/// Generates the synthetic multimodal cohort with ground truth, in chunks (memory stays flat for
/// any size): each patient's latent twin is drawn from the calibrated prior, its observed record is
/// produced by <see cref="ObservationModel"/>, and its retrospective course is simulated on the TRUE
/// twin under the confounded <see cref="ClinicianPolicy"/>, recorded as outcome observations
/// (scans every 6 weeks, ANC every cycle, adverse events, treatment given). Every patient's draws
/// come from its own seeded generator, so the cohort is identical for a seed whatever the chunk size.
/// The population (covariate mix, latent distributions, observation links, clinician) is <see cref="CohortOptions.Population"/>;
/// <paramref name="prior"/>, when given, replaces its latent part.
/// </summary>
public sealed class SyntheticCohortGenerator(CohortOptions options, TwinPrior? prior = null, TwinEnvironmentOptions? environment = null)
{
    private readonly CohortPopulation population = options.Population ?? CohortPopulation.Default;
    private readonly TwinPrior prior = prior ?? new TwinPrior((options.Population ?? CohortPopulation.Default).Latent);
    private readonly TwinEnvironmentOptions environment = (environment ?? new TwinEnvironmentOptions()) with { Cycles = options.RetrospectiveCycles, FollowUpDay = 0 };

    public CohortOptions Options => options;

    /// <summary>Streams the patients in index order.</summary>
    public IEnumerable<SyntheticPatient> Generate(IProgress<long>? progress = null)
    {
        options.Validate();
        var splitter = new StratifiedSplitter(options.TrainFraction, options.ValidationFraction);
        var chunk = Math.Min(options.ChunkSize, options.Size);
        var env = new BatchedTwinEnvironment(chunk, environment);
        for (var start = 0; start < options.Size; start += chunk)
        {
            var n = Math.Min(chunk, options.Size - start);
            var drafts = new Draft[n];
            for (var k = 0; k < n; k++) drafts[k] = Draw(start + k);
            var courses = SimulateRetrospective(env, drafts);
            for (var k = 0; k < n; k++)
            {
                var d = drafts[k];
                yield return new SyntheticPatient(d.Index, d.Id, splitter.Assign(d.Observed), d.Observed, courses[k], d.Truth);
            }
            progress?.Report(start + n);
        }
    }

    private sealed record Draft(int Index, string Id, PatientRecord Observed, PatientTruth Truth, string FirstLine);

    private Draft Draw(int index)
    {
        var rng = new Random(unchecked((int)SeedFor(index, 0)));
        var covariates = prior.SampleCovariates(rng);
        var latent = prior.SampleLatent(covariates, rng);
        var parameters = prior.ToParameters(covariates, latent);
        var id = $"P{index + 1:D7}";
        var observed = ObservationModel.Observe(id, covariates, latent, parameters, rng, options, population.Observation);
        var firstLine = ClinicianPolicy.FirstLine(observed, rng, population.Clinician);
        var truth = new PatientTruth(id, covariates, latent.Z, latent.LesionCount, latent.Responder, parameters, SeedFor(index, 1), SeedFor(index, 2));
        return new Draft(index, id, observed, truth, firstLine);
    }

    /// <summary>SplitMix64 of (master seed, patient, purpose): independent streams per patient.</summary>
    private ulong SeedFor(int index, int purpose)
    {
        var z = unchecked((ulong)options.Seed * 0x9E3779B97F4A7C15UL + (ulong)index * 0xBF58476D1CE4E5B9UL + (ulong)purpose * 0x94D049BB133111EBUL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private List<OutcomeObservation>[] SimulateRetrospective(BatchedTwinEnvironment env, Draft[] drafts)
    {
        var n = drafts.Length;
        var size = env.ObservationSize;
        var observations = new double[n * size];
        var rewards = new double[n];
        var costs = new double[n];
        var done = new bool[n];
        var actions = new int[n];
        var iraeBefore = new bool[n];
        var parameters = drafts.Select(d => d.Truth.Parameters).ToArray();
        var seeds = drafts.Select(d => d.Truth.RetrospectiveSeed).ToArray();
        var policy = new StandardSchedulePolicy(env.Actions, drafts.Select(d => d.FirstLine).ToList());
        var result = new List<OutcomeObservation>[n];

        env.Reset(parameters, seeds, observations);
        for (var i = 0; i < n; i++)
            result[i] = [Observation(drafts[i], 0, observations.AsSpan(i * size, size), "hold", adverse: [], died: false)];

        for (var cycle = 0; cycle < environment.Cycles; cycle++)
        {
            var wasDone = (bool[])done.Clone();
            policy.Decide(cycle, observations, done, actions);
            env.Step(actions, observations, rewards, costs, done);
            for (var i = 0; i < n; i++)
            {
                if (wasDone[i]) continue;
                var row = observations.AsSpan(i * size, size);
                var adverse = new List<AdverseEvent>();
                var grade = (int)row[TwinObservation.NeutropeniaGrade];
                if (grade >= 1) adverse.Add(new AdverseEvent("Neutrophil count decreased", grade));
                var irae = row[TwinObservation.IraeActive] > 0.5;
                if (irae && !iraeBefore[i]) adverse.Add(new AdverseEvent("Immune-related adverse event", 3));
                iraeBefore[i] = irae;
                result[i].Add(Observation(drafts[i], cycle + 1, row, env.Actions[actions[i]].Name, adverse, env.Died[i]));
            }
        }
        return result;
    }

    private OutcomeObservation Observation(Draft draft, int cycle, ReadOnlySpan<double> row, string given, List<AdverseEvent> adverse, bool died)
    {
        var at = options.StartDate.AddDays(21 * cycle);
        var scanned = row[TwinObservation.DaysSinceScan] == 0 && !died;
        return new OutcomeObservation
        {
            PatientId = draft.Id,
            ObservedAt = at,
            Cycle = cycle,
            LesionDiametersMm = scanned ? SplitSld(row[TwinObservation.LatestSld], draft) : null,
            Labs = died ? null : new LabPanel { CollectedAt = at.AddHours(-2), Anc10e9PerL = Math.Round(row[TwinObservation.LatestAnc], 2) },
            AdverseEvents = adverse,
            TreatmentGiven = given,
            DoseFraction = given == "chemo_reduced" ? 0.75 : given == "hold" ? 0 : 1,
            Died = died,
        };
    }

    /// <summary>The observed SLD split over the lesions in proportion to their baseline diameters.</summary>
    private static List<double> SplitSld(double sld, Draft draft)
    {
        var baseline = draft.Observed.Imaging?.LesionDiametersMm;
        var count = draft.Truth.LesionCount;
        var weights = baseline is { Count: > 0 } && baseline.Count == count ? baseline.ToArray() : Enumerable.Repeat(1.0, count).ToArray();
        var total = weights.Sum();
        return weights.Select(w => Math.Round(Math.Max(0, sld) * w / total, 1)).ToList();
    }
}
