using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin;

namespace DtSmdrl.Pipeline.Baselines;

/// <summary>
/// A first-line regimen given on its standard schedule (first-line advanced NSCLC, simplified from
/// NCCN/ESMO practice). Who chooses the first-line regimen differs by arm: the clinical guideline
/// (<see cref="ForGuideline"/>) or a model (the supervised baseline). The schedule is the same:
/// <list type="number">
/// <item>The chosen regimen from cycle 1; chemo_immuno (KEYNOTE-189 style) gives up to
/// <see cref="InductionChemotherapyCycles"/> chemotherapy cycles followed by antibody maintenance.</item>
/// <item>Chemotherapy is given on day 1 only if ANC >= 1.5 x 10^9/L; otherwise that cycle's
/// chemotherapy is withheld (the antibody part still goes ahead).</item>
/// <item>After grade 3-4 neutropenia, single-agent chemotherapy drops one dose level
/// (chemo_full -> chemo_reduced) for the rest of the course; the combination, which has no
/// reduced-dose form in the action set, continues as antibody alone.</item>
/// <item>The antibody is held while a grade >= 3 irAE is active.</item>
/// <item>On RECIST progression (SLD up >= 20% and >= 5 mm from the observed nadir at a scan) the
/// patient moves to second line: docetaxel-like chemo_full after targeted or antibody-based first
/// lines, the antibody after chemotherapy alone, within the chemotherapy cycle limit.</item>
/// </list>
/// Needs the action names hold, chemo_full, chemo_reduced, targeted, immuno and chemo_immuno.
/// </summary>
public sealed class StandardSchedulePolicy : ITreatmentPolicy
{
    /// <summary>Chemotherapy cycles before antibody maintenance in the combination arm.</summary>
    public const int InductionChemotherapyCycles = 4;

    private readonly ActionSet actions;
    private readonly int hold, chemoFull, chemoReduced, targeted, immuno, chemoImmuno;
    private readonly int[] line;         // current regimen action
    private readonly int[] chemoCycles;
    private readonly bool[] reduced;
    private readonly bool[] secondLine;
    private readonly double[] nadir;
    private readonly int[] firstLine;

    /// <summary>The guideline arm: first line by biomarker group (<see cref="GuidelineFirstLine"/>).</summary>
    public static StandardSchedulePolicy ForGuideline(ActionSet actions, IReadOnlyList<GuidelineBiomarkers> patients) =>
        new(actions, patients.Select(p => GuidelineFirstLine(p.Group)).ToList());

    /// <summary>A policy that starts each patient on the named first-line regimen.</summary>
    public StandardSchedulePolicy(ActionSet actions, IReadOnlyList<string> firstLineRegimens)
    {
        this.actions = actions ?? throw new ArgumentNullException(nameof(actions));
        hold = actions.IndexOf("hold");
        chemoFull = actions.IndexOf("chemo_full");
        chemoReduced = actions.IndexOf("chemo_reduced");
        targeted = actions.IndexOf("targeted");
        immuno = actions.IndexOf("immuno");
        chemoImmuno = actions.IndexOf("chemo_immuno");
        var n = firstLineRegimens.Count;
        line = new int[n];
        chemoCycles = new int[n];
        reduced = new bool[n];
        secondLine = new bool[n];
        nadir = new double[n];
        firstLine = firstLineRegimens.Select(actions.IndexOf).ToArray();
        StartEpisode();
    }

    // Each episode (a replicate of the study, or the first) starts every patient on the first line again.
    private void StartEpisode()
    {
        firstLine.CopyTo(line, 0);
        Array.Clear(chemoCycles);
        Array.Clear(reduced);
        Array.Clear(secondLine);
        Array.Fill(nadir, double.NaN);
    }

    /// <summary>
    /// The guideline's first-line regimen for a biomarker group: EGFR-mutant -> targeted;
    /// PD-L1 TPS >= 50% -> immuno; otherwise chemo_immuno.
    /// </summary>
    public static string GuidelineFirstLine(GuidelineGroup group) => group switch
    {
        GuidelineGroup.EgfrMutant => "targeted",
        GuidelineGroup.Pdl1High => "immuno",
        _ => "chemo_immuno",
    };

    public void Decide(int cycle, ReadOnlySpan<double> observations, ReadOnlySpan<bool> done, Span<int> chosen)
    {
        if (cycle == 0) StartEpisode();
        var size = TwinObservation.Size;
        for (var i = 0; i < chosen.Length; i++)
        {
            if (done[i])
            {
                chosen[i] = hold;
                continue;
            }
            var row = observations.Slice(i * size, size);
            TrackProgression(i, row);
            var grade = row[TwinObservation.NeutropeniaGrade];
            if (grade >= 3) reduced[i] = true;

            var action = line[i];
            if (action == chemoImmuno && (chemoCycles[i] >= InductionChemotherapyCycles || reduced[i]))
                action = line[i] = immuno;
            if (action == chemoFull && reduced[i])
                action = line[i] = chemoReduced;
            if (IsChemotherapy(action) && chemoCycles[i] >= TreatmentRules.MaxChemotherapyCycles)
                action = line[i] = hold;

            var antibodyHeld = row[TwinObservation.IraeActive] > 0.5;
            var chemoWithheld = row[TwinObservation.LatestAnc] < 1.5;
            action = Adjust(action, antibodyHeld, chemoWithheld);
            if (IsChemotherapy(action)) chemoCycles[i]++;
            chosen[i] = action;
        }
    }

    private void TrackProgression(int i, ReadOnlySpan<double> row)
    {
        if (row[TwinObservation.DaysSinceScan] != 0) return;
        var sld = row[TwinObservation.LatestSld];
        if (double.IsNaN(nadir[i]))
        {
            nadir[i] = sld;
            return;
        }
        if (!secondLine[i] && sld >= 1.2 * nadir[i] && sld - nadir[i] >= 5.0)
        {
            secondLine[i] = true;
            line[i] = line[i] == chemoFull || line[i] == chemoReduced ? immuno : (reduced[i] ? chemoReduced : chemoFull);
            nadir[i] = sld;
        }
        nadir[i] = Math.Min(nadir[i], sld);
    }

    private int Adjust(int action, bool antibodyHeld, bool chemoWithheld)
    {
        var chemo = actions[action].Chemotherapy > 0;
        var antibody = actions[action].Immunotherapy > 0;
        if (antibodyHeld) antibody = false;
        if (chemoWithheld) chemo = false;
        if (chemo && antibody) return action;
        if (chemo) return action == chemoImmuno ? chemoFull : action;
        if (antibody) return immuno;
        return action == targeted ? targeted : hold;
    }

    private bool IsChemotherapy(int action) => actions[action].Chemotherapy > 0;
}
