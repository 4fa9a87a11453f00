using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// One patient of a study cohort. <see cref="TrueTwin"/> and <see cref="NoiseSeed"/> are ground
/// truth: only the harness (to execute plans and compute J*) may read them, never a method.
/// </summary>
/// <param name="Id">Patient identifier.</param>
/// <param name="Split">Train, validation or test.</param>
/// <param name="Observed">The observed multimodal record at the decision point (what methods see).</param>
/// <param name="Biomarkers">Observed biomarkers the guideline reads (null where untested).</param>
/// <param name="TrueTwin">The true twin's parameters (ground truth).</param>
/// <param name="NoiseSeed">The patient's noise seed (common random numbers across methods).</param>
public sealed record StudyPatient(
    string Id,
    CohortSplit Split,
    PatientRecord Observed,
    GuidelineBiomarkers Biomarkers,
    NsclcParameters TrueTwin,
    ulong NoiseSeed);
