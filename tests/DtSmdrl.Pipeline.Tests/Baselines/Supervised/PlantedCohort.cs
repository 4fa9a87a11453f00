using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Study;

namespace DtSmdrl.Pipeline.Tests.Baselines.Supervised;

/// <summary>
/// Hand-built patients with planted outcome rules, so the right answers are known:
/// targeted responds when EGFR is mutated; immuno responds with PD-L1; chemo_full responds with MKI67 expression
/// and is toxic for old patients with a low ANC; severe toxicity otherwise rare.
/// </summary>
internal static class PlantedCohort
{
    public sealed record Patient(StudyPatient Study, RetrospectiveCourse Course, double TrueResponse, double TrueToxicity);

    private static readonly DateTimeOffset Date = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    public static (double Response, double Toxicity) TrueProbabilities(string regimen, bool egfr, double pdl1, double mki67, double age, double anc) => regimen switch
    {
        "targeted" => (Sigmoid(-2 + 4 * (egfr ? 1 : 0)), 0.08),
        "immuno" => (Sigmoid(-2.5 + 5 * pdl1 / 100), 0.1),
        _ => (Sigmoid(-0.5 + 2.0 * (mki67 - 5)), Sigmoid(-1.5 + 1.5 * (age - 65) / 8 - 1.2 * (anc - 4) / 1.5)),
    };

    public static List<Patient> Create(int count, int seed, CohortSplit split, IReadOnlyList<string> regimens)
    {
        var rng = new Random(seed);
        var patients = new List<Patient>();
        for (var i = 0; i < count; i++)
        {
            var id = $"{split}-{seed}-{i:D4}";
            var age = 65 + 8 * Gaussian(rng);
            var anc = Math.Max(0.5, 4 + 1.5 * Gaussian(rng));
            var egfr = rng.NextDouble() < 0.3;
            var pdl1 = 100 * rng.NextDouble();
            var mki67 = 5 + Gaussian(rng);
            var record = new PatientRecord
            {
                PatientId = id,
                Clinical = new ClinicalData { AgeYears = age, Sex = rng.Next(2) == 0 ? "female" : "male", Ecog = rng.Next(3), TumourType = "nsclc_adenocarcinoma", Stage = "IV", PriorLines = 0, SmokingPackYears = 30 * rng.NextDouble() },
                Labs = new LabPanel { CollectedAt = Date, Anc10e9PerL = anc, HemoglobinGPerDl = 12 + Gaussian(rng), Platelets10e9PerL = 250 + 40 * Gaussian(rng), LdhUPerL = rng.NextDouble() < 0.2 ? null : 200 + 40 * Gaussian(rng) },
                Omics = new OmicsProfile
                {
                    SomaticMutations = new Dictionary<string, bool> { ["EGFR"] = egfr, ["KRAS"] = rng.NextDouble() < 0.2 },
                    Pdl1TpsPct = pdl1,
                    TmbMutPerMb = 10 * rng.NextDouble(),
                    ExpressionLog2Tpm = new Dictionary<string, double> { ["MKI67"] = mki67, ["CD274"] = 3 + pdl1 / 50 + 0.3 * Gaussian(rng) },
                },
                History = new TreatmentHistory { Courses = [] },
                Note = rng.NextDouble() < 0.5 ? null : (egfr ? "EGFR exon 19 deletion reported" : "adenocarcinoma, no driver found"),
            };
            var regimen = regimens[rng.Next(regimens.Count)];
            var (pr, pt) = TrueProbabilities(regimen, egfr, pdl1, mki67, age, anc);
            var biomarkers = GuidelineBiomarkers.From(record);
            var course = new RetrospectiveCourse(id, biomarkers.Group, regimen, rng.NextDouble() < pr, rng.NextDouble() < pt);
            patients.Add(new Patient(new StudyPatient(id, split, record, biomarkers), course, pr, pt));
        }
        return patients;
    }

    public static StudyData Data(List<Patient> train, List<Patient> validation) =>
        new(train.Select(p => p.Study).ToList(), validation.Select(p => p.Study).ToList(), train.Select(p => p.Course).ToList(), validation.Select(p => p.Course).ToList());

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
