using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>The outcome the synthetic check estimates effects on.</summary>
public enum SyntheticOutcome
{
    /// <summary>Percent change of the measured SLD from baseline at the week-6 scan (continuous; mean difference).</summary>
    SldChange,
    /// <summary>Grade 3-4 neutropenia in the first two cycles (binary; risk difference).</summary>
    SevereNeutropenia,
}

/// <summary>Settings of <see cref="SyntheticCateCheck"/>.</summary>
public sealed record SyntheticCateOptions
{
    /// <summary>Patients generated (only those started on one of the two regimens are analysed).</summary>
    public int CohortSize { get; init; } = 2000;

    /// <summary>Cohort seed (the estimator's seed is <see cref="Causal"/>.Seed).</summary>
    public int CohortSeed { get; init; } = 1;

    /// <summary>First-line regimen of the treated arm.</summary>
    public string Treated { get; init; } = "chemo_immuno";

    /// <summary>First-line regimen of the control arm.</summary>
    public string Control { get; init; } = "chemo_full";

    /// <summary>The outcome.</summary>
    public SyntheticOutcome Outcome { get; init; } = SyntheticOutcome.SldChange;

    /// <summary>Estimator settings (no bootstrap or refutation by default: the check reads the analytic intervals).</summary>
    public CausalOptions Causal { get; init; } = new() { BootstrapResamples = 0, Refute = false };

    /// <summary>Interval level.</summary>
    public double Level { get; init; } = 0.95;

    /// <summary>Throws naming the field when a setting is invalid.</summary>
    public void Validate()
    {
        if (CohortSize < 50) throw new ArgumentException($"SyntheticCateOptions.CohortSize = {CohortSize} must be at least 50.");
        if (Treated == Control) throw new ArgumentException($"SyntheticCateOptions: Treated and Control are both '{Treated}'.");
        if (!(Level > 0 && Level < 1)) throw new ArgumentException($"SyntheticCateOptions.Level = {Level} must be in (0, 1).");
        Causal.Validate();
    }
}

/// <summary>One subgroup: the DR estimate (mean pseudo-outcome with its interval) against the true mean effect.</summary>
public sealed record SubgroupEffect(string Subgroup, int Count, double TrueEffect, EffectInterval Estimate, bool Covered);

/// <summary>What <see cref="SyntheticCateCheck"/> measured.</summary>
/// <param name="Outcome">The outcome definition.</param>
/// <param name="Rows">Patients analysed.</param>
/// <param name="TreatedCount">Patients started on the treated regimen.</param>
/// <param name="TrueAverageEffect">Mean of the true per-patient effects over the analysed patients.</param>
/// <param name="Naive">Unadjusted difference of arm means.</param>
/// <param name="Adjusted">AIPW average effect (mean pseudo-outcome, influence-function interval).</param>
/// <param name="CateBias">Mean of (estimated CATE - true effect) over patients.</param>
/// <param name="CateRmse">Root mean square of (estimated CATE - true effect).</param>
/// <param name="CateCorrelation">Pearson correlation of estimated CATE and true effect.</param>
/// <param name="TrueEffectSd">Spread of the true effects (the scale the RMSE is read against).</param>
/// <param name="Subgroups">Subgroup effects: biomarker and frailty groups, then quartiles of the estimated CATE.</param>
/// <param name="FactualMaxDifference">Largest |re-simulated factual outcome - outcome in the history| (checks the truth simulation).</param>
public sealed record SyntheticCateReport(
    string Outcome,
    int Rows,
    int TreatedCount,
    double TrueAverageEffect,
    EffectInterval Naive,
    EffectInterval Adjusted,
    double CateBias,
    double CateRmse,
    double CateCorrelation,
    double TrueEffectSd,
    IReadOnlyList<SubgroupEffect> Subgroups,
    double FactualMaxDifference)
{
    /// <summary>Share of subgroups whose interval covers the true subgroup effect.</summary>
    public double SubgroupCoverage => Subgroups.Count == 0 ? double.NaN : Subgroups.Average(s => s.Covered ? 1.0 : 0.0);
}

/// <summary>
/// Can the DR-learner recover, from the synthetic cohort's confounded history, the conditional effects that the
/// true twins know? The cohort's clinician chose first-line regimens from biomarkers and frailty
/// (<see cref="ClinicianPolicy"/>); the analyst sees only the observed records and the history. Outcome (one of
/// <see cref="SyntheticOutcome"/>, over the first two cycles): the percent change of the measured SLD from baseline
/// at the week-6 scan, or grade 3-4 neutropenia. Frail patients are both more often dose-reduced and more
/// sensitive to neutropenia, so the toxicity comparison of chemo_full with chemo_reduced is strongly confounded. Truth: each analysed patient's true twin
/// is re-simulated from the start under both first-line regimens (then the standard schedule, as in the history)
/// with its own retrospective noise seed (common random numbers), and the per-patient effect is the difference.
/// The re-simulated factual arm must reproduce the history, which <see cref="SyntheticCateReport.FactualMaxDifference"/> reports.
/// </summary>
public static class SyntheticCateCheck
{
    /// <summary>The covariates the analyst adjusts for (observed, with missing-value indicators).</summary>
    public static IReadOnlyList<string> CovariateNames { get; } =
    [
        "age", "ecog", "pdl1_tps", "pdl1_missing", "tmb", "tmb_missing", "egfr_mutant", "egfr_missing", "baseline_anc", "baseline_sld",
    ];

    private const int ScanCycle = 2;

    /// <summary>Generates the cohort, builds the dataset and the truth, fits the DR-learner and compares.</summary>
    public static SyntheticCateReport Run(SyntheticCateOptions options)
    {
        options.Validate();
        var cohortOptions = new CohortOptions { Size = options.CohortSize, Seed = options.CohortSeed, RetrospectiveCycles = ScanCycle };
        var rows = new List<(SyntheticPatient Patient, bool Treated, double Outcome)>();
        foreach (var patient in new SyntheticCohortGenerator(cohortOptions).Generate())
        {
            var first = patient.Retrospective.FirstOrDefault(o => o.Cycle == 1)?.TreatmentGiven;
            if (first != options.Treated && first != options.Control) continue;
            if (ObservedOutcome(patient, options.Outcome) is { } y) rows.Add((patient, first == options.Treated, y));
        }
        var data = new ObservationalDataset(CovariateNames, Impute(rows.Select(r => Covariates(r.Patient.Observed)).ToArray()),
            rows.Select(r => r.Treated).ToArray(), rows.Select(r => r.Outcome).ToArray());

        var environment = new TwinEnvironmentOptions() with { Cycles = ScanCycle, FollowUpDay = 0 };
        var underTreated = Simulate(rows.Select(r => r.Patient).ToArray(), options.Treated, environment, options.Outcome);
        var underControl = Simulate(rows.Select(r => r.Patient).ToArray(), options.Control, environment, options.Outcome);
        var tau = underTreated.Zip(underControl, (a, b) => a - b).ToArray();
        var factualDifference = rows.Select((r, i) => Math.Abs((r.Treated ? underTreated[i] : underControl[i]) - r.Outcome)).DefaultIfEmpty(0).Max();

        var binary = options.Outcome == SyntheticOutcome.SevereNeutropenia;
        var query = new EffectQuery(options.Treated, options.Control, binary ? "severe_neutropenia_2_cycles" : "sld_change_pct_week6",
            binary ? OutcomeKind.Binary : OutcomeKind.Continuous, options.Level);
        var estimate = new DoublyRobustEstimator().EstimateConditionalEffects(data, query, options.Causal);
        var z = CausalStatistics.NormalCritical(options.Level);
        var all = Enumerable.Range(0, data.Count).ToArray();

        var errors = estimate.Cate.Zip(tau, (c, t) => c - t).ToArray();
        var subgroups = new List<SubgroupEffect>();
        void Add(string name, int[] members)
        {
            if (members.Length >= 10) subgroups.Add(Subgroup(name, members, estimate.PseudoOutcome, tau, z));
        }
        var observed = rows.Select(r => r.Patient.Observed).ToArray();
        var pdl1High = all.Where(i => GuidelineBiomarkers.From(observed[i]).Group == GuidelineGroup.Pdl1High).ToArray();
        var frail = all.Where(i => observed[i].Clinical is { } c && (c.Ecog >= 2 || c.AgeYears >= 75)).ToArray();
        Add("PD-L1 >= 50%", pdl1High);
        Add("PD-L1 < 50% or untested", all.Except(pdl1High).ToArray());
        Add("frail (ECOG >= 2 or age >= 75)", frail);
        Add("not frail", all.Except(frail).ToArray());
        var byCate = all.OrderBy(i => estimate.Cate[i]).ToArray();
        for (var q = 0; q < 4; q++)
            Add($"estimated CATE quartile {q + 1}", byCate[(q * byCate.Length / 4)..((q + 1) * byCate.Length / 4)]);

        return new SyntheticCateReport(
            binary ? "grade 3-4 neutropenia in the first two cycles (risk difference)" : "percent change of the measured SLD from baseline at the week-6 scan (mean difference)",
            data.Count, data.TreatedCount, tau.Average(),
            NaiveDifference.Estimate(data.Treated, data.Outcome, options.Level),
            Subgroup("all", all, estimate.PseudoOutcome, tau, z).Estimate,
            errors.Average(), Math.Sqrt(errors.Average(e => e * e)), Correlation(estimate.Cate, tau),
            CausalStatistics.StandardDeviation(tau), subgroups, factualDifference);
    }

    private static SubgroupEffect Subgroup(string name, int[] members, double[] psi, double[] tau, double z)
    {
        var values = members.Select(i => psi[i]).ToArray();
        var mean = values.Average();
        var se = CausalStatistics.StandardDeviation(values) / Math.Sqrt(values.Length);
        var interval = new EffectInterval(mean, mean - z * se, mean + z * se, se, "mean pseudo-outcome ± z·sd/sqrt(n)");
        var truth = members.Average(i => tau[i]);
        return new SubgroupEffect(name, members.Length, truth, interval, interval.Covers(truth));
    }

    /// <summary>The outcome from the history, or null when it was not observed (no scan, or death before it).</summary>
    private static double? ObservedOutcome(SyntheticPatient patient, SyntheticOutcome outcome)
    {
        var course = patient.Retrospective.Where(o => o.Cycle is >= 1 and <= ScanCycle).ToArray();
        if (outcome == SyntheticOutcome.SevereNeutropenia)
        {
            if (course.Length < ScanCycle || course.Any(o => o.Died)) return null;
            return course.Any(o => o.AdverseEvents.Any(e => e.CtcaeTerm == "Neutrophil count decreased" && e.Grade >= 3)) ? 1 : 0;
        }
        var baseline = patient.Retrospective.FirstOrDefault(o => o.Cycle == 0)?.LesionDiametersMm;
        var scan = patient.Retrospective.FirstOrDefault(o => o.Cycle == ScanCycle)?.LesionDiametersMm;
        if (baseline is null || scan is null || baseline.Sum() <= 0) return null;
        return 100 * (scan.Sum() - baseline.Sum()) / baseline.Sum();
    }

    /// <summary>The outcome of every patient when started on <paramref name="firstLine"/>, simulated on its true twin with its retrospective seed.</summary>
    private static double[] Simulate(SyntheticPatient[] patients, string firstLine, TwinEnvironmentOptions environment, SyntheticOutcome outcome)
    {
        var severe = new bool[patients.Length];
        var n = patients.Length;
        var env = new BatchedTwinEnvironment(n, environment);
        var size = env.ObservationSize;
        var observations = new double[n * size];
        var rewards = new double[n];
        var costs = new double[n];
        var done = new bool[n];
        var actions = new int[n];
        env.Reset(patients.Select(p => p.Truth.Parameters).ToArray(), patients.Select(p => p.Truth.RetrospectiveSeed).ToArray(), observations);
        var baseline = Enumerable.Range(0, n).Select(i => observations[i * size + TwinObservation.LatestSld]).ToArray();
        var policy = new StandardSchedulePolicy(env.Actions, Enumerable.Repeat(firstLine, n).ToList());
        for (var cycle = 0; cycle < ScanCycle; cycle++)
        {
            policy.Decide(cycle, observations, done, actions);
            env.Step(actions, observations, rewards, costs, done);
            for (var i = 0; i < n; i++) severe[i] |= observations[i * size + TwinObservation.NeutropeniaGrade] >= 3;
        }
        if (outcome == SyntheticOutcome.SevereNeutropenia)
            return severe.Select(s => s ? 1.0 : 0.0).ToArray();
        return Enumerable.Range(0, n).Select(i => 100 * (observations[i * size + TwinObservation.LatestSld] - baseline[i]) / baseline[i]).ToArray();
    }

    private static double[] Covariates(PatientRecord record)
    {
        var omics = record.Omics;
        var egfr = omics?.SomaticMutations.TryGetValue("EGFR", out var mutant) == true ? (mutant ? 1.0 : 0.0) : double.NaN;
        var lesions = record.Imaging?.LesionDiametersMm;
        return
        [
            record.Clinical?.AgeYears ?? double.NaN,
            record.Clinical?.Ecog ?? double.NaN,
            omics?.Pdl1TpsPct ?? double.NaN, 0,
            omics?.TmbMutPerMb ?? double.NaN, 0,
            egfr, 0,
            record.Labs?.Anc10e9PerL ?? double.NaN,
            lesions is { Count: > 0 } ? lesions.Sum() : double.NaN,
        ];
    }

    /// <summary>Mean imputation; the column after pdl1, tmb and egfr is their missing indicator.</summary>
    private static double[][] Impute(double[][] rows)
    {
        var columns = CovariateNames.Count;
        for (var j = 0; j < columns; j++)
        {
            var present = rows.Select(r => r[j]).Where(double.IsFinite).ToArray();
            var mean = present.Length > 0 ? present.Average() : 0;
            var indicator = j + 1 < columns && CovariateNames[j + 1].EndsWith("_missing", StringComparison.Ordinal) ? j + 1 : -1;
            foreach (var row in rows)
            {
                if (double.IsFinite(row[j])) continue;
                row[j] = mean;
                if (indicator >= 0) row[indicator] = 1;
            }
        }
        return rows;
    }

    private static double Correlation(double[] x, double[] y)
    {
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }
}
