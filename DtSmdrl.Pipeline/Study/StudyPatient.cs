using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Data.Records;

namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// One patient of a study cohort as methods see it: the observed record and the biomarkers read from it. The true
/// twin and the seed of the patient's dice are not here: only the evaluation code holds them
/// (<see cref="Truth.EvaluationTruth"/>).
/// </summary>
/// <param name="Id">Patient identifier.</param>
/// <param name="Split">Train, validation or test.</param>
/// <param name="Observed">The observed multimodal record at the decision point (what methods see).</param>
/// <param name="Biomarkers">Observed biomarkers the guideline reads (null where untested).</param>
public sealed record StudyPatient(
    string Id,
    CohortSplit Split,
    PatientRecord Observed,
    GuidelineBiomarkers Biomarkers);
