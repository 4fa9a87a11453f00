using System.Globalization;
using System.Text;
using DtSmdrl.Pipeline.Statistics;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Twin.Calibration;

/// <summary>
/// Runs the standard-of-care arms on virtual trial populations that match each trial's inclusion
/// criteria and sets the simulated ORR and median PFS next to the published ones
/// (twin-models.md section 7). Scans every 6 weeks, RECIST 1.1 on noisy SLDs, PFS = first PD scan or
/// death, Kaplan-Meier median, follow-up <see cref="TwinCalibrationOptions.FollowUpDays"/>. <see cref="RunToxicity"/>
/// adds the published share of patients with any grade >= 3 treatment-related event per trial arm.
/// A row that misses its target is reported as failed, with the reason.
/// </summary>
public sealed class TwinCalibration
{
    /// <summary>Days per month used to report PFS and OS.</summary>
    public const double DaysPerMonth = 30.4375;

    private readonly TwinPrior prior;
    private readonly TwinCalibrationOptions options;

    /// <summary>Creates a calibration run over a prior (the tuned defaults when null).</summary>
    public TwinCalibration(TwinPrior? prior = null, TwinCalibrationOptions? options = null)
    {
        this.prior = prior ?? new TwinPrior();
        this.options = options ?? new TwinCalibrationOptions();
        this.options.Validate();
    }

    /// <summary>Runs every trial and returns the table.</summary>
    public IReadOnlyList<CalibrationRow> Run()
    {
        var rows = new List<CalibrationRow>();
        var tol = options.OrrTolerance;
        var pfsTol = options.PfsToleranceMonths;

        // KEYNOTE-024: PD-L1 TPS >= 50%, no EGFR/ALK, ECOG 0-1.
        var keynote = Population(1, c => c with { EgfrMutant = false, Pdl1Tps = 50 + c.Pdl1Tps / 2, Ecog = Math.Min(c.Ecog, 1) });
        var pembro = SimulateArm(keynote, StandardOfCare.Pembrolizumab, 1);
        var keynoteChemo = SimulateArm(keynote, StandardOfCare.PlatinumChemotherapy, 1);
        rows.Add(OrrPfsRow("KEYNOTE-024 (Reck 2016)", "TPS >= 50%, EGFR wild-type, ECOG 0-1", "pembrolizumab", 0.448, 10.3,
            "grade 3-5 TRAE 26.6%", pembro, tol, pfsTol));
        rows.Add(OrrPfsRow("KEYNOTE-024 (Reck 2016)", "TPS >= 50%, EGFR wild-type, ECOG 0-1", "platinum chemo", 0.278, 6.0,
            "grade 3-5 TRAE 53.3%; PFS HR 0.50", keynoteChemo, tol, pfsTol, hazardRatioVs: pembro));

        // EGFR-TKI meta-analysis (Petrelli 2012): EGFR-mutant, ECOG 0-1; the row gives ORR and PFS HR 0.35, no median.
        var mutant = Population(2, c => c with { EgfrMutant = true, Ecog = Math.Min(c.Ecog, 1) });
        var tki = SimulateArm(mutant, StandardOfCare.EgfrTki, 2);
        var mutantChemo = SimulateArm(mutant, StandardOfCare.PlatinumChemotherapy, 2);
        var hr = PfsHazardRatio(tki, mutantChemo);
        var tkiOrrOk = Math.Abs(tki.Orr - 0.70) <= tol;
        var hrOk = hr is >= 0.25 and <= 0.45;
        rows.Add(new CalibrationRow("TKI meta-analysis (Petrelli 2012)", "EGFR-mutant, ECOG 0-1", "EGFR TKI", 0.70, null, "PFS HR 0.35 vs chemo",
            tki.Orr, tki.PfsMedianMonths, $"PFS HR {Fmt(hr)} (Cox)",
            "ORR +-5 points; HR 0.35 +-0.10", tkiOrrOk && hrOk,
            Reasons((tkiOrrOk, $"ORR {Pct(tki.Orr)} vs 70%"), (hrOk, $"HR {Fmt(hr)} outside 0.25-0.45"))));
        var mutantChemoOk = Math.Abs(mutantChemo.Orr - 0.33) <= tol;
        rows.Add(new CalibrationRow("TKI meta-analysis (Petrelli 2012)", "EGFR-mutant, ECOG 0-1", "chemotherapy", 0.33, null, "",
            mutantChemo.Orr, mutantChemo.PfsMedianMonths, Tox(mutantChemo), "ORR +-5 points", mutantChemoOk,
            Reasons((mutantChemoOk, $"ORR {Pct(mutantChemo.Orr)} vs 33%"))));

        // IPASS (Mok 2009), EGFR wild-type: TKI far worse than chemotherapy, PFS favours chemotherapy.
        var wildType = Population(3, c => c with { EgfrMutant = false });
        var wtTki = SimulateArm(wildType, StandardOfCare.EgfrTki, 3);
        var wtChemo = SimulateArm(wildType, StandardOfCare.PlatinumChemotherapy, 3);
        var wtOrrOk = wtTki.Orr <= 0.05;
        var wtPfsOk = Order(wtTki.PfsMedianMonths) < Order(wtChemo.PfsMedianMonths);
        rows.Add(new CalibrationRow("IPASS (Mok 2009)", "EGFR wild-type", "EGFR TKI", 0.01, null, "TKI far worse; PFS favoured chemo",
            wtTki.Orr, wtTki.PfsMedianMonths, $"chemo median PFS {Fmt(wtChemo.PfsMedianMonths)} mo, chemo ORR {Pct(wtChemo.Orr)}",
            "TKI ORR <= 5%; TKI median PFS < chemo", wtOrrOk && wtPfsOk,
            Reasons((wtOrrOk, $"TKI ORR {Pct(wtTki.Orr)} > 5%"), (wtPfsOk, "TKI PFS not shorter than chemo"))));

        // First-line platinum doublet, unselected population: ORR 20-30%, median PFS 4.5-6 months, median OS 10-14 months.
        var unselected = Population(4, c => c);
        var general = SimulateArm(unselected, StandardOfCare.PlatinumChemotherapy, 4, trackSurvival: true);
        var genOrrOk = general.Orr is >= 0.20 and <= 0.30;
        var genPfsOk = general.PfsMedianMonths is >= 4.5 and <= 6.0;
        var genOsOk = general.OsMedianMonths is >= 10 and <= 14;
        rows.Add(new CalibrationRow("NSCLC first-line chemo, general", "unselected", "platinum doublet", 0.25, 5.25, "ORR 20-30%, PFS 4.5-6 mo, OS 10-14 mo",
            general.Orr, general.PfsMedianMonths, $"OS median {Fmt(general.OsMedianMonths)} mo; {Tox(general)}",
            "ORR 20-30%; PFS 4.5-6 mo; OS 10-14 mo", genOrrOk && genPfsOk && genOsOk,
            Reasons((genOrrOk, $"ORR {Pct(general.Orr)} outside 20-30%"), (genPfsOk, $"PFS {Fmt(general.PfsMedianMonths)} mo outside 4.5-6"),
                (genOsOk, $"OS {Fmt(general.OsMedianMonths)} mo outside 10-14 (no second-line therapy is simulated after progression)"))));
        return rows;
    }

    /// <summary>
    /// The toxicity table: per trial arm, the share of patients with any grade >= 3 treatment-related event
    /// over the course (until progression, death or the end of follow-up, as the trials counted on treatment),
    /// published next to simulated. KEYNOTE-024 on its efficacy population; IPASS on its whole population
    /// (East Asian, adenocarcinoma, never or light smokers, ECOG 0-2, <see cref="TwinCalibrationOptions.IpassEgfrMutantShare"/>
    /// EGFR-mutant), since its adverse-event rates are for all randomised patients.
    /// </summary>
    public IReadOnlyList<ToxicityCalibrationRow> RunToxicity()
    {
        var rows = new List<ToxicityCalibrationRow>();
        const string keynoteTrial = "KEYNOTE-024 (Reck 2016)";
        const string keynotePopulation = "TPS >= 50%, EGFR wild-type, ECOG 0-1";
        var keynote = Population(1, c => c with { EgfrMutant = false, Pdl1Tps = 50 + c.Pdl1Tps / 2, Ecog = Math.Min(c.Ecog, 1) });
        rows.Add(ToxicityRow(keynoteTrial, keynotePopulation, "pembrolizumab", 0.266, "grade 3-5 TRAE", SimulateArm(keynote, StandardOfCare.Pembrolizumab, 1)));
        rows.Add(ToxicityRow(keynoteTrial, keynotePopulation, "platinum chemo", 0.533, "grade 3-5 TRAE", SimulateArm(keynote, StandardOfCare.PlatinumChemotherapy, 1)));

        const string ipassTrial = "IPASS (Mok 2009)";
        var ipassPopulation = $"all randomised: {options.IpassEgfrMutantShare * 100:0.#}% EGFR-mutant, ECOG 0-2";
        var mutation = new Random(unchecked(options.Seed * 31 + 5) ^ 0x5EED);
        var ipass = Population(5, c => c with { EgfrMutant = mutation.NextDouble() < options.IpassEgfrMutantShare });
        rows.Add(ToxicityRow(ipassTrial, ipassPopulation, "gefitinib (EGFR TKI)", 0.287, "grade 3-4 AE", SimulateArm(ipass, StandardOfCare.EgfrTki, 5)));
        rows.Add(ToxicityRow(ipassTrial, ipassPopulation, "carboplatin-paclitaxel", 0.610, "grade 3-4 AE", SimulateArm(ipass, StandardOfCare.PlatinumChemotherapy, 5)));
        return rows;
    }

    /// <summary>The toxicity table as markdown.</summary>
    public static string FormatToxicityTable(IReadOnlyList<ToxicityCalibrationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        sb.AppendLine("| trial | population | arm | published grade >= 3 | simulated grade >= 3 | of which: neutropenia / irAE / TKI event | criterion | result |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Trial} | {r.Population} | {r.Arm} | {Pct(r.Published)} ({r.PublishedDefinition}) | {Pct(r.Simulated)} | {Pct(r.Neutropenia)} / {Pct(r.ImmuneEvents)} / {Pct(r.TargetedEvents)} | +-{r.Tolerance * 100:0} points | {(r.Passed ? "pass" : "MISS: " + r.Reason)} |");
        }

        return sb.ToString();
    }

    /// <summary>
    /// Simulates one standard-of-care arm on the given virtual patients; patients are retired at their
    /// PFS event unless <paramref name="trackSurvival"/> (then followed, untreated after progression, for OS).
    /// </summary>
    public TrialArmResult SimulateArm(IReadOnlyList<NsclcParameters> patients, StandardOfCare arm, int noiseSeedBase, bool trackSurvival = false)
    {
        ArgumentNullException.ThrowIfNull(patients);
        var n = patients.Count;
        var sim = new NsclcBatchSimulator(n, options.Simulation);
        var seeds = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            seeds[i] = (ulong)noiseSeedBase * 1_000_003UL + (ulong)i;
        }

        sim.Reset(patients.ToArray(), seeds);
        var actions = sim.Options.Actions;
        int hold = actions.IndexOf("hold"), chemoFull = actions.IndexOf("chemo_full"), chemoReduced = actions.IndexOf("chemo_reduced");
        int targeted = actions.IndexOf("targeted"), immuno = actions.IndexOf("immuno");
        var chosen = new int[n];
        var chemoGiven = new int[n];
        var reduced = new bool[n];
        var cycles = options.FollowUpDays / (int)NsclcTwinModel.CycleDays;
        for (var c = 0; c < cycles; c++)
        {
            for (var i = 0; i < n; i++)
            {
                chosen[i] = hold;
                if (!sim.Alive[i] || sim.Retired[i] || sim.Progressed[i])
                {
                    continue;
                }

                switch (arm)
                {
                    case StandardOfCare.Pembrolizumab:
                        if (c < options.MaxAntibodyCycles)
                        {
                            chosen[i] = immuno;
                        }

                        break;
                    case StandardOfCare.EgfrTki:
                        chosen[i] = targeted;
                        break;
                    case StandardOfCare.PlatinumChemotherapy:
                        if (chemoGiven[i] < options.ChemoCycles && sim.LatestAnc[i] >= 1.5)
                        {
                            chosen[i] = reduced[i] ? chemoReduced : chemoFull;
                            chemoGiven[i]++;
                        }

                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(arm), arm, "Unknown standard of care.");
                }
            }

            sim.Advance(chosen, threads: options.Threads);
            for (var i = 0; i < n; i++)
            {
                if (chosen[i] == chemoFull && sim.NeutropeniaGradeLastCycle[i] >= 4)
                {
                    reduced[i] = true;
                }

                if (!trackSurvival && (sim.Progressed[i] || !sim.Alive[i]) && !sim.Retired[i])
                {
                    sim.Retire(i);
                }
            }
        }

        var censor = (double)cycles * NsclcTwinModel.CycleDays;
        var pfsDays = new double[n];
        var pfsEvents = new bool[n];
        var osDays = new double[n];
        var osEvents = new bool[n];
        int responders = 0, grade3 = 0, severe = 0, neutropenia = 0, immune = 0, targetedEvents = 0;
        var iraeCount = sim.StateVariable(NsclcState.IraeCount);
        var tkaeCount = sim.StateVariable(NsclcState.TkaeCount);
        for (var i = 0; i < n; i++)
        {
            var outcome = sim.Outcome(i, censor);
            pfsDays[i] = outcome.PfsDays;
            pfsEvents[i] = outcome.PfsEvent;
            osEvents[i] = outcome.DeathDay is { } d && d <= censor;
            osDays[i] = osEvents[i] ? outcome.DeathDay!.Value : censor;
            responders += Recist.IsObjectiveResponse(outcome.BestResponse) ? 1 : 0;
            var neutropenic = sim.WorstNeutropeniaGrade[i] >= 3;
            neutropenia += neutropenic ? 1 : 0;
            immune += iraeCount[i] > 0 ? 1 : 0;
            targetedEvents += tkaeCount[i] > 0 ? 1 : 0;
            grade3 += neutropenic || iraeCount[i] > 0 || tkaeCount[i] > 0 ? 1 : 0;
            severe += outcome.SevereToxicity ? 1 : 0;
        }

        return new TrialArmResult(
            arm,
            n,
            (double)responders / n,
            KaplanMeier.Median(pfsDays, pfsEvents) / DaysPerMonth,
            (double)grade3 / n,
            (double)severe / n,
            trackSurvival ? KaplanMeier.Median(osDays, osEvents) / DaysPerMonth : double.NaN,
            (double)neutropenia / n,
            (double)immune / n,
            (double)targetedEvents / n,
            pfsDays,
            pfsEvents);
    }

    /// <summary>Draws a virtual trial population: population covariates edited by the inclusion criteria, then the conditional prior.</summary>
    public IReadOnlyList<NsclcParameters> Population(int trial, Func<TwinCovariates, TwinCovariates> inclusion)
    {
        ArgumentNullException.ThrowIfNull(inclusion);
        var rng = new Random(unchecked(options.Seed * 31 + trial));
        var patients = new NsclcParameters[options.PatientsPerArm];
        for (var i = 0; i < patients.Length; i++)
        {
            patients[i] = prior.SampleConditional(inclusion(prior.SampleCovariates(rng)), rng);
        }

        return patients;
    }

    /// <summary>The table as markdown.</summary>
    public static string FormatTable(IReadOnlyList<CalibrationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        sb.AppendLine("| trial | population | arm | published ORR | simulated ORR | published median PFS (mo) | simulated median PFS (mo) | published other | simulated other | criterion | result |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Trial} | {r.Population} | {r.Arm} | {(r.PublishedOrr is { } po ? Pct(po) : "-")} | {Pct(r.SimulatedOrr)} | {(r.PublishedPfsMonths is { } pp ? Fmt(pp) : "-")} | {Fmt(r.SimulatedPfsMonths)} | {r.PublishedOther} | {r.SimulatedOther} | {r.Criterion} | {(r.Passed ? "pass" : "MISS: " + r.Reason)} |");
        }

        return sb.ToString();
    }

    /// <summary>PFS hazard ratio of arm a vs arm b (Cox model, Efron ties; see <see cref="CoxHazardRatio"/>).</summary>
    public static double PfsHazardRatio(TrialArmResult a, TrialArmResult b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return CoxHazardRatio.Estimate(a.PfsDays, a.PfsEvents, b.PfsDays, b.PfsEvents);
    }

    private CalibrationRow OrrPfsRow(string trial, string population, string arm, double orr, double pfs, string other, TrialArmResult result, double tol, double pfsTol, TrialArmResult? hazardRatioVs = null)
    {
        var orrOk = Math.Abs(result.Orr - orr) <= tol;
        var pfsOk = Math.Abs(result.PfsMedianMonths - pfs) <= pfsTol;
        var simulatedOther = Tox(result) + (hazardRatioVs is null ? "" : $"; PFS HR pembro/chemo {Fmt(PfsHazardRatio(hazardRatioVs, result))} (Cox)");
        return new CalibrationRow(trial, population, arm, orr, pfs, other, result.Orr, result.PfsMedianMonths, simulatedOther,
            $"ORR +-{tol * 100:0} points; PFS +-{pfsTol:0.#} mo", orrOk && pfsOk,
            Reasons((orrOk, $"ORR {Pct(result.Orr)} vs {Pct(orr)}"), (pfsOk, $"PFS {Fmt(result.PfsMedianMonths)} vs {Fmt(pfs)} mo")));
    }

    private ToxicityCalibrationRow ToxicityRow(string trial, string population, string arm, double published, string definition, TrialArmResult result)
    {
        var ok = Math.Abs(result.Grade3PlusToxicity - published) <= options.ToxicityTolerance;
        return new ToxicityCalibrationRow(trial, population, arm, published, definition, result.Grade3PlusToxicity,
            result.Grade3Neutropenia, result.ImmuneEvents, result.TargetedEvents, options.ToxicityTolerance, ok,
            ok ? "" : $"simulated {Pct(result.Grade3PlusToxicity)} vs published {Pct(published)}");
    }

    private static string Tox(TrialArmResult r) => $"grade >= 3 tox {Pct(r.Grade3PlusToxicity)}, severe {Pct(r.SevereToxicity)}";

    private static double Order(double months) => double.IsNaN(months) ? double.PositiveInfinity : months;

    private static string Reasons(params (bool Ok, string Message)[] checks) =>
        string.Join("; ", checks.Where(c => !c.Ok).Select(c => c.Message));

    private static string Pct(double fraction) => (100 * fraction).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Fmt(double value) => double.IsNaN(value) ? "not reached" : value.ToString("0.0#", CultureInfo.InvariantCulture);
}
