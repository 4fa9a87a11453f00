using System.Globalization;
using System.Text;
using System.Text.Json;
using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data.Validation;
using DtSmdrl.Pipeline.Provenance;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Study.Truth;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Cohort;

/// <summary>
/// A cohort on disk. Observed data and ground truth are separate files so that only the evaluation
/// reads the truth:
/// <list type="table">
/// <item><term>patients.jsonl</term><description>observed records (patient-record schema)</description></item>
/// <item><term>outcomes.jsonl</term><description>retrospective course, one outcome observation per cycle</description></item>
/// <item><term>splits.csv</term><description>patient_id,split</description></item>
/// <item><term>truth.jsonl</term><description>latent twin, parameters and noise seeds (evaluation only)</description></item>
/// <item><term>cohort.json</term><description>options, split sizes, file hashes, true drivers</description></item>
/// </list>
/// </summary>
public static class CohortFolder
{
    public const string Patients = "patients.jsonl";
    public const string Outcomes = "outcomes.jsonl";
    public const string Splits = "splits.csv";
    public const string Truth = "truth.jsonl";
    public const string Manifest = "cohort.json";

    private static readonly JsonSerializerOptions ManifestJson = new(DtSmdrlJson.Internal) { WriteIndented = true };

    /// <summary>Generates and writes a cohort, streaming; returns its manifest.</summary>
    public static CohortManifest Write(string folder, SyntheticCohortGenerator generator, IProgress<long>? progress = null)
    {
        Directory.CreateDirectory(folder);
        int train = 0, validation = 0, test = 0;
        using (var patients = new JsonLinesWriter<PatientRecord>(Path.Combine(folder, Patients)))
        using (var outcomes = new JsonLinesWriter<OutcomeObservation>(Path.Combine(folder, Outcomes)))
        using (var truth = new JsonLinesWriter<PatientTruth>(Path.Combine(folder, Truth), DtSmdrlJson.Internal))
        using (var splits = new StreamWriter(Path.Combine(folder, Splits), false, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            splits.WriteLine("patient_id,split");
            foreach (var patient in generator.Generate(progress))
            {
                patients.Write(patient.Observed);
                foreach (var observation in patient.Retrospective) outcomes.Write(observation);
                truth.Write(patient.Truth);
                splits.WriteLine($"{patient.Id},{patient.Split.ToString().ToLowerInvariant()}");
                switch (patient.Split)
                {
                    case CohortSplit.Train: train++; break;
                    case CohortSplit.Validation: validation++; break;
                    default: test++; break;
                }
            }
        }
        var manifest = new CohortManifest
        {
            Options = generator.Options,
            Population = generator.Options.PopulationSource(),
            Train = train,
            Validation = validation,
            Test = test,
            Files = new[] { Patients, Outcomes, Splits, Truth }.ToDictionary(f => f, f => ContentHash.OfFile(Path.Combine(folder, f))),
        };
        File.WriteAllText(Path.Combine(folder, Manifest), JsonSerializer.Serialize(manifest, ManifestJson));
        return manifest;
    }

    /// <summary>The manifest of a cohort folder.</summary>
    public static CohortManifest ReadManifest(string folder)
    {
        var path = Path.Combine(folder, Manifest);
        if (!File.Exists(path)) throw new FileNotFoundException($"'{folder}' is not a cohort folder: {Manifest} is missing.", path);
        return JsonSerializer.Deserialize<CohortManifest>(File.ReadAllText(path), ManifestJson)
            ?? throw new InvalidDataException($"{path} is empty.");
    }

    /// <summary>
    /// Loads a cohort for a study: observed records (validated), splits, truth and the retrospective
    /// courses. Files must match the manifest's hashes, so a study never runs on an edited cohort by accident.
    /// </summary>
    public static StudyCohort Load(string folder)
    {
        var manifest = ReadManifest(folder);
        foreach (var (file, hash) in manifest.Files)
        {
            var actual = ContentHash.OfFile(Path.Combine(folder, file));
            if (actual != hash) throw new InvalidDataException($"{Path.Combine(folder, file)} does not match the SHA-256 in {Manifest}: the cohort was changed after it was written.");
        }

        // The files match the manifest written with them, so the (slow) JSON Schema pass is skipped;
        // the semantic rules and strict deserialisation still check every record.
        var trusted = new LoadOptions { Mode = LoadMode.FailFast, ValidateSchema = false };
        var patients = new JsonLinesLoader<PatientRecord>(PatientRecordContract.Instance)
            .Load(Path.Combine(folder, Patients), trusted);
        var outcomes = new JsonLinesLoader<OutcomeObservation>(OutcomeObservationContract.Instance)
            .Load(Path.Combine(folder, Outcomes), trusted);
        var splits = File.ReadLines(Path.Combine(folder, Splits)).Skip(1)
            .Select(l => l.Split(','))
            .ToDictionary(p => p[0], p => Enum.Parse<CohortSplit>(p[1], ignoreCase: true));
        var truth = File.ReadLines(Path.Combine(folder, Truth))
            .Select(l => JsonSerializer.Deserialize<PatientTruth>(l, DtSmdrlJson.Internal)!)
            .ToDictionary(t => t.PatientId);

        var byPatient = outcomes.Accepted.GroupBy(o => o.PatientId).ToDictionary(g => g.Key, g => g.OrderBy(o => o.Cycle).ToList());
        var study = new List<StudyPatient>();
        var courses = new List<RetrospectiveCourse>();
        foreach (var record in patients.Accepted)
        {
            if (!truth.ContainsKey(record.PatientId))
                throw new InvalidDataException($"{Path.Combine(folder, Truth)}: no record for patient {record.PatientId} of {Patients}.");
            var patient = new StudyPatient(record.PatientId, splits[record.PatientId], record, GuidelineBiomarkers.From(record));
            study.Add(patient);
            if (byPatient.TryGetValue(record.PatientId, out var course))
                courses.Add(Summarise(patient, course));
        }
        return new StudyCohort(manifest, study, courses, truth);
    }

    /// <summary>The retrospective course's first regimen, RECIST best response and severe toxicity.</summary>
    public static RetrospectiveCourse Summarise(StudyPatient patient, IReadOnlyList<OutcomeObservation> course)
    {
        var sld = course.Where(o => o.LesionDiametersMm is not null).Select(o => o.LesionDiametersMm!.Sum()).ToList();
        var response = sld.Count > 1 ? Recist.BestOverallResponse(sld) : RecistResponse.NotEvaluable;
        var severe = course.Any(o => o.AdverseEvents.Any(a =>
            (a.CtcaeTerm == "Neutrophil count decreased" && a.Grade >= 4) || (a.CtcaeTerm != "Neutrophil count decreased" && a.Grade >= 3)));
        var first = course.FirstOrDefault(o => o.Cycle == 1)?.TreatmentGiven ?? "hold";
        return new RetrospectiveCourse(patient.Id, patient.Biomarkers.Group, first, Recist.IsObjectiveResponse(response), severe) { Observations = course };
    }
}

/// <summary>A loaded cohort: patients with their split, the truth kept apart from them, and retrospective course summaries.</summary>
public sealed record StudyCohort(
    CohortManifest Manifest,
    IReadOnlyList<StudyPatient> Patients,
    IReadOnlyList<RetrospectiveCourse> Courses,
    IReadOnlyDictionary<string, PatientTruth> Truth)
{
    public IReadOnlyList<StudyPatient> InSplit(CohortSplit split) => Patients.Where(p => p.Split == split).ToList();

    /// <summary>
    /// The evaluation's truth of <paramref name="patients"/>, in their order: true twin and dice seed (truth.jsonl's
    /// evaluation seed). For the study harness only; never hand it to a method.
    /// </summary>
    public IReadOnlyList<EvaluationTruth> TruthOf(IReadOnlyList<StudyPatient> patients) =>
        patients.Select(p => Truth.TryGetValue(p.Id, out var t)
            ? new EvaluationTruth(p.Id, t.Parameters, t.EvaluationSeed)
            : throw new KeyNotFoundException($"The cohort has no truth for patient {p.Id}.")).ToList();

    /// <summary>What methods may learn from.</summary>
    public StudyData TrainingData()
    {
        var train = InSplit(CohortSplit.Train);
        var validation = InSplit(CohortSplit.Validation);
        var trainIds = train.Select(p => p.Id).ToHashSet();
        var validationIds = validation.Select(p => p.Id).ToHashSet();
        return new StudyData(train, validation,
            Courses.Where(c => trainIds.Contains(c.PatientId)).ToList(),
            Courses.Where(c => validationIds.Contains(c.PatientId)).ToList());
    }
}
