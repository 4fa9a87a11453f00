using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Study.Truth;

/// <summary>
/// What only the evaluation code may hold about a test patient (metrics.md, "The evaluation protocol"): the true twin
/// and the seed of the patient's dice. Methods never receive it; <see cref="StudyPatient"/> and <see cref="StudyData"/>
/// carry neither (a test checks this by reflection).
/// </summary>
/// <param name="Id">Patient identifier, as in <see cref="StudyPatient.Id"/>.</param>
/// <param name="TrueTwin">The true twin's parameters (from truth.jsonl).</param>
/// <param name="DiceSeed">The patient's dice seed; replicate seeds derive from it through <see cref="DiceSeeds"/>.</param>
public sealed record EvaluationTruth(string Id, NsclcParameters TrueTwin, ulong DiceSeed);
