using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Inference;

namespace DtSmdrl.Host.Jobs;

/// <summary>
/// Turns a patient's stored outcome observations into the twin's <see cref="ObservedHistory"/>: cycle c
/// (1, 2, …) is the action given in c and its measurements at day 21 c (SLD = sum of the target diameters,
/// ANC from the labs); cycle 0 is the baseline (its ANC; its SLD only when the record had no imaging, since the
/// prior is already conditioned on the record's baseline SLD). Only cycles contiguous from 1 are used.
/// </summary>
public static class TwinHistory
{
    /// <summary>The history and how many observations and cycles it used.</summary>
    public sealed record Result(ObservedHistory History, int UsedObservations, int Cycles, int Skipped);

    public static Result From(IReadOnlyList<OutcomeObservation> observations, bool baselineSldKnown)
    {
        var byCycle = observations.GroupBy(o => o.Cycle).ToDictionary(g => g.Key, g => g.First());
        var actions = new List<int>();
        var sld = new List<Measurement>();
        var anc = new List<Measurement>();
        var used = 0;
        if (byCycle.TryGetValue(0, out var baseline))
        {
            used++;
            if (!baselineSldKnown && baseline.LesionDiametersMm is { Count: > 0 } d0) sld.Add(new Measurement(0, d0.Sum()));
            if (baseline.Labs?.Anc10e9PerL is > 0 and var a0) anc.Add(new Measurement(0, a0));
        }
        for (var cycle = 1; byCycle.TryGetValue(cycle, out var o); cycle++)
        {
            used++;
            actions.Add(ActionSet.NsclcDefault.IndexOf(o.TreatmentGiven));
            var day = 21 * cycle;
            if (o.LesionDiametersMm is { Count: > 0 } d) sld.Add(new Measurement(day, d.Sum()));
            if (o.Labs?.Anc10e9PerL is > 0 and var a) anc.Add(new Measurement(day, a));
            if (o.Died) break;
        }
        return new Result(new ObservedHistory(actions, sld, anc), used, actions.Count, observations.Count - used);
    }
}
