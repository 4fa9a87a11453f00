using System.Text.Json;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Env;

namespace DtSmdrl.Host.Engine;

/// <summary>
/// The synthetic side of the closed loop: what a synthetic patient's TRUE twin (truth.jsonl) shows when it is
/// treated with the given regimens: outcome observations in the cohort generator's form (scans every 6 weeks,
/// ANC every cycle, adverse events, treatment given), with the patient's own evaluation noise seed, so a
/// demonstration can feed back "real" outcomes of a recommended plan. Only demonstrations and tests use this.
/// </summary>
public static class TruthFeedback
{
    /// <summary>The ground truth of one patient of a cohort folder.</summary>
    public static PatientTruth ReadTruth(string cohortFolder, string patientId)
    {
        var path = Path.Combine(cohortFolder, CohortFolder.Truth);
        if (!File.Exists(path)) throw new FileNotFoundException($"'{cohortFolder}' has no {CohortFolder.Truth}: simulated feedback needs a synthetic cohort's ground truth.", path);
        foreach (var line in File.ReadLines(path))
        {
            if (!line.Contains($"\"{patientId}\"", StringComparison.Ordinal)) continue;
            var truth = JsonSerializer.Deserialize<PatientTruth>(line, DtSmdrlJson.Internal)!;
            if (truth.PatientId == patientId) return truth;
        }
        throw new KeyNotFoundException($"Patient '{patientId}' is not in {path}.");
    }

    /// <summary>
    /// Observations of cycles 1..regimens.Count (regimen of each cycle in order) on the true twin; the caller keeps
    /// the cycles it has not stored yet. The same regimens give the same observations (seeded).
    /// </summary>
    public static IReadOnlyList<OutcomeObservation> Simulate(PatientTruth truth, PatientRecord observed, IReadOnlyList<string> regimens, DateTimeOffset start)
    {
        var environment = new BatchedTwinEnvironment(1, new TwinEnvironmentOptions { Cycles = regimens.Count, FollowUpDay = 0 });
        var row = new double[environment.ObservationSize];
        var reward = new double[1];
        var cost = new double[1];
        var done = new bool[1];
        environment.Reset([truth.Parameters], [truth.EvaluationSeed], row);
        var result = new List<OutcomeObservation>();
        var iraeBefore = false;
        for (var cycle = 1; cycle <= regimens.Count && !done[0]; cycle++)
        {
            environment.Step([environment.Actions.IndexOf(regimens[cycle - 1])], row, reward, cost, done);
            var died = environment.Died[0];
            var adverse = new List<AdverseEvent>();
            var grade = (int)row[TwinObservation.NeutropeniaGrade];
            if (grade >= 1) adverse.Add(new AdverseEvent("Neutrophil count decreased", grade));
            var irae = row[TwinObservation.IraeActive] > 0.5;
            if (irae && !iraeBefore) adverse.Add(new AdverseEvent("Immune-related adverse event", 3));
            iraeBefore = irae;
            var at = start.AddDays(21 * cycle);
            var scanned = row[TwinObservation.DaysSinceScan] == 0 && !died;
            result.Add(new OutcomeObservation
            {
                PatientId = truth.PatientId,
                ObservedAt = at,
                Cycle = cycle,
                LesionDiametersMm = scanned ? Split(row[TwinObservation.LatestSld], observed, truth.LesionCount) : null,
                Labs = died ? null : new LabPanel { CollectedAt = at.AddHours(-2), Anc10e9PerL = Math.Round(row[TwinObservation.LatestAnc], 2) },
                AdverseEvents = adverse,
                TreatmentGiven = regimens[cycle - 1],
                DoseFraction = regimens[cycle - 1] == "chemo_reduced" ? 0.75 : regimens[cycle - 1] == "hold" ? 0 : 1,
                Died = died,
            });
        }
        return result;
    }

    /// <summary>The SLD split over the lesions in proportion to the baseline diameters (as the generator does).</summary>
    private static List<double> Split(double sld, PatientRecord observed, int count)
    {
        var baseline = observed.Imaging?.LesionDiametersMm;
        var weights = baseline is { Count: > 0 } && baseline.Count == count ? baseline.ToArray() : Enumerable.Repeat(1.0, count).ToArray();
        var total = weights.Sum();
        return weights.Select(w => Math.Round(Math.Max(0, sld) * w / total, 1)).ToList();
    }
}
