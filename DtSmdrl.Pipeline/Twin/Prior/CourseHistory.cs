using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Twin.Prior;

/// <summary>
/// A retrospective course (outcomes.jsonl records of one patient) as the particle posterior's <see cref="ObservedHistory"/>:
/// the regimen of cycle c (c >= 1) is the action of the c-th cycle; the observation of cycle c (day 21 c) contributes its
/// ANC and, when a scan was taken, the sum of the lesion diameters as the SLD. The course ends at a death (the posterior
/// has no death model, so the cycle of death adds neither action nor measurement). Adverse events carry no term of the
/// posterior's likelihood and are not used.
/// </summary>
public static class CourseHistory
{
    /// <summary>Throws naming the patient, cycle and field when the course cannot be read.</summary>
    public static ObservedHistory From(IReadOnlyList<OutcomeObservation> course, ActionSet actions, string source = "outcomes.jsonl")
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(actions);
        if (course.Count == 0)
        {
            throw new ArgumentException($"{source}: the course is empty (no baseline observation).");
        }

        var ordered = course.OrderBy(o => o.Cycle).ToList();
        var given = new List<int>();
        var sld = new List<Measurement>();
        var anc = new List<Measurement>();
        for (var k = 0; k < ordered.Count; k++)
        {
            var o = ordered[k];
            var where = $"{source} record of patient {o.PatientId}, cycle {o.Cycle}";
            if (o.PatientId != ordered[0].PatientId)
            {
                throw new ArgumentException($"{where}: field patient_id: the course mixes patients {ordered[0].PatientId} and {o.PatientId}.");
            }

            if (o.Cycle != k)
            {
                throw new ArgumentException($"{where}: field cycle: expected cycle {k} (cycles must run 0, 1, 2, ... without gaps or repeats).");
            }

            if (o.Died)
            {
                break;
            }

            if (k > 0)
            {
                var action = actions.Names.ToList().IndexOf(o.TreatmentGiven);
                if (action < 0)
                {
                    throw new ArgumentException($"{where}: field treatment_given: '{o.TreatmentGiven}' is not an action ({string.Join(", ", actions.Names)}).");
                }

                given.Add(action);
            }

            var day = k * (int)NsclcTwinModel.CycleDays;
            if (o.Labs?.Anc10e9PerL is { } value)
            {
                if (!double.IsFinite(value) || value <= 0)
                {
                    throw new ArgumentException($"{where}: field labs.anc_10e9_per_l = {value} must be finite and > 0.");
                }

                anc.Add(new Measurement(day, value));
            }

            if (o.LesionDiametersMm is { } lesions)
            {
                if (lesions.Any(d => !double.IsFinite(d) || d < 0))
                {
                    throw new ArgumentException($"{where}: field lesion_diameters_mm: every diameter must be finite and >= 0.");
                }

                sld.Add(new Measurement(day, lesions.Sum()));
            }
        }

        var history = new ObservedHistory(given, sld, anc);
        history.Validate();
        return history;
    }
}
