using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using DtSmdrl.Plugins.BuiltIn.Causal;
using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl causal estimate`: the effect of one arm versus another from a CSV file, unadjusted and
/// doubly robust (cross-fitted AIPW), with overlap diagnostics and refutation checks.
/// </summary>
public static class CausalCommand
{
    public static Command Create()
    {
        var command = new Command("causal", "Treatment-effect estimation from observational data");
        command.Subcommands.Add(Estimate());
        command.Subcommands.Add(Synthetic());
        return command;
    }

    /// <summary>Exit code of a run that gave its result.</summary>
    public const int ExitSuccess = 0;

    /// <summary>Exit code of an unexpected failure (a bug): one line on stderr, no stack trace.</summary>
    public const int ExitInternalError = 1;

    /// <summary>Exit code of bad input or options: one line on stderr naming the file, line, column or option.</summary>
    public const int ExitBadInput = 2;

    private static Command Estimate()
    {
        var data = new Option<string>("--data") { Description = "CSV file with a header row (R's write.csv output reads as is)", Required = true };
        var treatment = new Option<string>("--treatment") { Description = "Treatment (arm) column", Required = true };
        var treated = new Option<string>("--treated") { Description = "Value of the treated arm", Required = true };
        var control = new Option<string>("--control") { Description = "Value of the control arm", Required = true };
        var outcome = new Option<string>("--outcome") { Description = "Outcome column (0/1 gives a risk difference, numeric a mean difference); or give --time and --event" };
        var time = new Option<string>("--time") { Description = "Follow-up time column of a time-to-event outcome (with --event)" };
        var eventColumn = new Option<string>("--event") { Description = "Event column: 1/0, TRUE/FALSE or 2/1 (2 = event), as R's Surv reads it" };
        var horizon = new Option<double?>("--horizon") { Description = "Time at which survival and restricted mean survival are compared (default: the smaller arm's last follow-up)" };
        var covariates = new Option<string>("--covariates") { Description = "Comma-separated covariate columns; numeric ones with missing values are mean-imputed with a <name>_missing indicator, text ones are categorical", Required = true };
        var categorical = new Option<string>("--categorical") { Description = "Comma-separated covariates to code as categorical even when numeric (one 0/1 column per level but the first)" };
        var minimumLevel = new Option<int>("--min-level-count") { Description = "Categorical levels with fewer rows are pooled into (other)", DefaultValueFactory = _ => 10 };
        var modifiers = new Option<string>("--modifiers") { Description = "Comma-separated columns: the effect by subgroup of each (numeric ones with over 10 values split at the median)" };
        var filter = new Option<string[]>("--filter") { Description = "Keep rows where COL=VALUE (repeatable)", AllowMultipleArgumentsPerToken = false };
        var seed = CommonOptions.Seed();
        var folds = new Option<int>("--folds") { Description = "Cross-fitting folds", DefaultValueFactory = _ => 5 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples of the numeric-outcome AIPW, each re-fitting every model (0: off)", DefaultValueFactory = _ => 200 };
        var trim = new Option<double>("--trim") { Description = "Clip propensities to [trim, 1-trim]", DefaultValueFactory = _ => 0.01 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("estimate", "Naive and doubly robust effect of --treated versus --control on --outcome, or on the time to --event (survival, RMST, Cox hazard ratio); --modifiers adds subgroup effects")
        {
            data, treatment, treated, control, outcome, time, eventColumn, horizon, covariates, categorical, minimumLevel, modifiers, filter, seed, folds, bootstrap, trim, json,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(data)!;
            try
            {
                var spec = new ObservationalCsvSpec(
                    parse.GetValue(treatment)!, parse.GetValue(treated)!, parse.GetValue(control)!, parse.GetValue(outcome),
                    SplitList(parse.GetValue(covariates)), (parse.GetValue(filter) ?? []).Select(ParseFilter).ToArray())
                {
                    TimeColumn = parse.GetValue(time),
                    EventColumn = parse.GetValue(eventColumn),
                    Categorical = SplitList(parse.GetValue(categorical)),
                    Modifiers = SplitList(parse.GetValue(modifiers)),
                    MinimumLevelCount = parse.GetValue(minimumLevel),
                };
                if (!spec.IsTimeToEvent && parse.GetValue(horizon) is not null) throw new ArgumentException("--horizon needs a time-to-event outcome (--time and --event).");
                // Bootstrap and refutations are those of the numeric-outcome AIPW; survival intervals are analytic.
                var options = new CausalOptions
                {
                    Seed = parse.GetValue(seed),
                    Folds = parse.GetValue(folds),
                    BootstrapResamples = spec.IsTimeToEvent ? 0 : parse.GetValue(bootstrap),
                    PropensityTrim = parse.GetValue(trim),
                    Refute = !spec.IsTimeToEvent,
                };
                options.Validate();
                var loaded = CsvObservationalLoader.Load(path, spec);
                var result = Run(loaded, spec, options, parse.GetValue(horizon));
                if (parse.GetValue(json)) WriteJson(Console.Out, loaded, result, options);
                else WriteTable(Console.Out, loaded, result, options);
                return ExitSuccess;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or IOException or UnauthorizedAccessException or CsvHelper.CsvHelperException)
            {
                Console.Error.WriteLine($"causal estimate: error: {OneLine(e, path)}");
                return ExitBadInput;
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"causal estimate: internal error ({e.GetType().Name}): {OneLine(e, path)}");
                return ExitInternalError;
            }
        });
        return command;
    }

    /// <summary>What `causal estimate` computed: an average effect or survival effects, and effect modification when asked.</summary>
    internal sealed record EstimateResult(EffectEstimate? Average, SurvivalEffectEstimate? Survival, EffectModificationReport? Modification);

    internal static EstimateResult Run(ObservationalCsvData loaded, ObservationalCsvSpec spec, CausalOptions options, double? horizon)
    {
        if (loaded.Survival is { } survivalData)
        {
            var query = new SurvivalQuery(spec.TreatedValue, spec.ControlValue, spec.EventColumn!, horizon);
            var estimator = new SurvivalEffectEstimator();
            var survival = estimator.EstimateSurvivalEffects(survivalData, query, options);
            var modification = loaded.Modifiers.Count > 0 ? estimator.EstimateEffectModification(survivalData, query with { Horizon = survival.Horizon }, options, loaded.Modifiers) : null;
            return new EstimateResult(null, survival, modification);
        }
        var data = loaded.Data!;
        var effectQuery = new EffectQuery(spec.TreatedValue, spec.ControlValue, spec.OutcomeColumn!);
        var dr = new DoublyRobustEstimator();
        var average = dr.EstimateAverageEffect(data, effectQuery, options);
        var byModifier = loaded.Modifiers.Count > 0 ? dr.EstimateEffectModification(data, effectQuery, options, loaded.Modifiers) : null;
        return new EstimateResult(average, null, byModifier);
    }

    private static string[] SplitList(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The first line of the message; a problem with the file (not an option) names the file when the message does not.</summary>
    private static string OneLine(Exception e, string path)
    {
        var message = e.Message.Split('\n', 2)[0].Trim();
        return e is ArgumentException || message.Contains(path, StringComparison.Ordinal) ? message : $"{path}: {message}";
    }

    private static Command Synthetic()
    {
        var size = new Option<int>("--size") { Description = "Synthetic patients generated (those started on --treated or --control are analysed)", DefaultValueFactory = _ => 2000 };
        var seed = CommonOptions.Seed();
        var treated = new Option<string>("--treated") { Description = "First-line regimen of the treated arm", DefaultValueFactory = _ => "chemo_immuno" };
        var control = new Option<string>("--control") { Description = "First-line regimen of the control arm", DefaultValueFactory = _ => "chemo_full" };
        var folds = new Option<int>("--folds") { Description = "Cross-fitting folds", DefaultValueFactory = _ => 5 };
        var outcome = new Option<SyntheticOutcome>("--outcome") { Description = "SldChange (week-6 SLD % change) or SevereNeutropenia (grade 3-4 in two cycles; try --treated chemo_full --control chemo_reduced)", DefaultValueFactory = _ => SyntheticOutcome.SldChange };
        var cateLearner = new Option<LearnerKind>("--cate-learner") { Description = "Final-stage learner of the DR-learner: Linear or BoostedTrees", DefaultValueFactory = _ => LearnerKind.BoostedTrees };
        var nuisanceLearner = new Option<LearnerKind>("--nuisance-learner") { Description = "Propensity and outcome learners: Linear or BoostedTrees", DefaultValueFactory = _ => LearnerKind.Linear };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var command = new Command("synthetic", "DR-learner on the synthetic cohort's confounded history against the true twins' effects: bias, RMSE, interval coverage")
        {
            size, seed, treated, control, outcome, folds, nuisanceLearner, cateLearner, json,
        };
        command.SetAction(parse =>
        {
            try
            {
                var options = new SyntheticCateOptions
                {
                    CohortSize = parse.GetValue(size),
                    CohortSeed = parse.GetValue(seed),
                    Treated = parse.GetValue(treated)!,
                    Control = parse.GetValue(control)!,
                    Outcome = parse.GetValue(outcome),
                    Causal = new CausalOptions
                    {
                        Seed = parse.GetValue(seed), Folds = parse.GetValue(folds), CateLearner = parse.GetValue(cateLearner),
                        PropensityLearner = parse.GetValue(nuisanceLearner), OutcomeLearner = parse.GetValue(nuisanceLearner), BootstrapResamples = 0, Refute = false
                    },
                };
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var report = SyntheticCateCheck.Run(options);
                if (parse.GetValue(json)) WriteSyntheticJson(Console.Out, options, report);
                else WriteSyntheticTable(Console.Out, options, report, watch.Elapsed);
                return 0;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"causal synthetic: error: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    internal static void WriteSyntheticTable(TextWriter output, SyntheticCateOptions options, SyntheticCateReport report, TimeSpan elapsed)
    {
        output.WriteLine($"synthetic cohort: {options.CohortSize} patients, seed {options.CohortSeed}; {options.Treated} vs {options.Control} as first line; nuisance learners {options.Causal.PropensityLearner}, CATE learner {options.Causal.CateLearner}, {options.Causal.Folds} folds");
        output.WriteLine($"outcome: {report.Outcome}, {options.Level:P0} intervals");
        output.WriteLine($"rows: {report.Rows} ({report.TreatedCount} treated); re-simulated factual vs history: max |difference| {F(report.FactualMaxDifference)}");
        output.WriteLine();
        output.WriteLine($"{"average effect",-34} {"effect",9} {"lower",9} {"upper",9} {"bias",9}  covers truth");
        output.WriteLine($"{"true (twins, common random numbers)",-34} {F(report.TrueAverageEffect),9}");
        foreach (var (name, i) in new[] { ("naive difference (Wald)", report.Naive), ("AIPW (analytic)", report.Adjusted) })
            output.WriteLine($"{name,-34} {F(i.Estimate),9} {F(i.Lower),9} {F(i.Upper),9} {F(i.Estimate - report.TrueAverageEffect),9}  {(i.Covers(report.TrueAverageEffect) ? "yes" : "no")}");
        output.WriteLine();
        output.WriteLine($"CATE (DR-learner, out-of-fold): bias {F(report.CateBias)}, RMSE {F(report.CateRmse)}, correlation {F(report.CateCorrelation)}; sd of true effects {F(report.TrueEffectSd)}");
        output.WriteLine();
        output.WriteLine($"{"subgroup",-34} {"n",6} {"true",9} {"estimate",9} {"lower",9} {"upper",9}  covered");
        foreach (var g in report.Subgroups)
            output.WriteLine($"{g.Subgroup,-34} {g.Count,6} {F(g.TrueEffect),9} {F(g.Estimate.Estimate),9} {F(g.Estimate.Lower),9} {F(g.Estimate.Upper),9}  {(g.Covered ? "yes" : "no")}");
        output.WriteLine($"subgroup interval coverage: {report.Subgroups.Count(g => g.Covered)}/{report.Subgroups.Count}; {elapsed.TotalSeconds:0.0} s");
    }

    internal static void WriteSyntheticJson(TextWriter output, SyntheticCateOptions options, SyntheticCateReport report)
    {
        var settings = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Converters = { new JsonStringEnumConverter() },
        };
        output.WriteLine(JsonSerializer.Serialize(new { contractVersion = CausalContract.Version, options, report, subgroupCoverage = report.SubgroupCoverage }, settings));
    }

    private static KeyValuePair<string, string> ParseFilter(string text)
    {
        var parts = text.Split('=', 2);
        if (parts.Length != 2 || parts[0].Trim().Length == 0)
            throw new ArgumentException($"--filter '{text}' is not COL=VALUE.");
        return new(parts[0].Trim(), parts[1].Trim());
    }

    internal static void WriteTable(TextWriter output, ObservationalCsvData loaded, EstimateResult result, CausalOptions options)
    {
        var used = loaded.Used;
        var left = loaded.Rejected.Select(r => $"{r.Count} {r.Reason}{(r.Detail is null ? "" : $" ({r.Detail})")}").ToArray();
        if (result.Average is { } estimate)
        {
            var q = estimate.Query;
            var scale = estimate.Outcome == OutcomeKind.Binary ? "risk difference" : "mean difference";
            output.WriteLine($"effect of {q.TreatedLabel} vs {q.ControlLabel} on {q.OutcomeLabel} ({scale}, {q.Level:P0} intervals)");
            output.WriteLine($"rows: {loaded.RowsRead} read; left out: {(left.Length == 0 ? "none" : string.Join(", ", left))}; {used} used ({estimate.TreatedCount} treated, {estimate.ControlCount} control)");
        }
        else if (result.Survival is { } s)
        {
            output.WriteLine($"effect of {s.Query.TreatedLabel} vs {s.Query.ControlLabel} on time to {s.Query.EventLabel} (horizon {G(s.Horizon)}, {s.Query.Level:P0} intervals)");
            output.WriteLine($"rows: {loaded.RowsRead} read; left out: {(left.Length == 0 ? "none" : string.Join(", ", left))}; {used} used ({s.TreatedCount} treated, {s.ControlCount} control)");
            output.WriteLine($"events: {s.TreatedEvents} of {s.TreatedCount} treated, {s.ControlEvents} of {s.ControlCount} control");
        }
        foreach (var c in loaded.Categorical)
            output.WriteLine($"categorical: {c.Name} ({(c.Declared ? "declared" : "detected")}), reference '{c.Reference}'; levels {string.Join(", ", c.Levels.Select(l => $"'{l.Key}' {l.Value}"))}{(c.Pooled.Count > 0 ? $"; pooled into (other): {string.Join(", ", c.Pooled.Select(p => $"'{p}'"))}" : "")}");
        foreach (var m in loaded.Imputed)
            output.WriteLine($"imputed: {m.Name} missing in {m.MissingCount} rows, set to mean {F(m.Mean)} with indicator {m.IndicatorName}");
        output.WriteLine($"model covariates ({loaded.CovariateNames.Count}): {string.Join(", ", loaded.CovariateNames)}");
        foreach (var w in loaded.Warnings) output.WriteLine($"warning: {w}");

        if (result.Average is { } average) WriteAverage(output, average, options);
        if (result.Survival is { } survival) WriteSurvival(output, survival, options);
        if (result.Modification is { } modification) WriteModification(output, modification);
    }

    private static void WriteAverage(TextWriter output, EffectEstimate estimate, CausalOptions options)
    {
        output.WriteLine($"estimator: {estimate.Estimator}; seed {options.Seed}, {options.Folds} folds, trim {F(options.PropensityTrim)}");
        output.WriteLine();
        output.WriteLine($"{"estimate",-34} {"effect",9} {"lower",9} {"upper",9} {"se",9}");
        Row(output, "naive difference (Wald)", estimate.Naive);
        Row(output, "AIPW (analytic)", estimate.Adjusted);
        if (estimate.Bootstrap is { } b) Row(output, $"AIPW (bootstrap percentile, {options.BootstrapResamples})", b);
        if (estimate.Overlap is { } o) WriteOverlap(output, o);
        if (estimate.Refutations.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"{"refutation",-26} {"result",-6} {"original",9} {"new",9}  criterion");
            foreach (var r in estimate.Refutations)
                output.WriteLine($"{r.Name,-26} {(r.Passed ? "pass" : "FAIL"),-6} {F(r.OriginalEstimate),9} {F(r.NewEstimate),9}  {r.Criterion}");
        }
        foreach (var w in estimate.Warnings) output.WriteLine($"warning: {w}");
    }

    private static void WriteSurvival(TextWriter output, SurvivalEffectEstimate s, CausalOptions options)
    {
        output.WriteLine($"estimator: {s.Estimator}; seed {options.Seed}, {options.Folds} folds, trim {F(options.PropensityTrim)}");
        foreach (var (title, rows) in new[] { ($"survival at {G(s.Horizon)}", s.Survival), ($"restricted mean survival to {G(s.Horizon)}", s.RestrictedMean) })
        {
            output.WriteLine();
            output.WriteLine($"{title,-41} {"treated",9} {"control",9} {"diff",9} {"lower",9} {"upper",9} {"se",9}");
            foreach (var r in rows)
                output.WriteLine($"{r.Method,-41} {F(r.Treated),9} {F(r.Control),9} {F(r.Difference.Estimate),9} {F(r.Difference.Lower),9} {F(r.Difference.Upper),9} {F(r.Difference.StandardError),9}");
        }
        output.WriteLine();
        output.WriteLine($"{"hazard ratio (Cox, Efron ties, Wald)",-41} {"HR",9} {"lower",9} {"upper",9} {"log HR",9} {"se",9}");
        foreach (var h in s.HazardRatios)
            output.WriteLine($"{h.Method,-41} {F(h.HazardRatio),9} {F(h.Lower),9} {F(h.Upper),9} {F(h.Coefficient),9} {F(h.StandardError),9}");
        WriteOverlap(output, s.Overlap);
        output.WriteLine($"censoring weights: {s.Censoring.Model}; {s.Censoring.CompleteAtHorizon} rows with known status at the horizon; smallest G {F(s.Censoring.Minimum)}, {s.Censoring.ShareClipped:P1} raised to {F(s.Censoring.Clip)}");
        foreach (var w in s.Warnings) output.WriteLine($"warning: {w}");
    }

    private static void WriteOverlap(TextWriter output, OverlapDiagnostics o)
    {
        output.WriteLine();
        output.WriteLine($"{"overlap: propensity",-20} {"n",6} {"min",7} {"q25",7} {"median",7} {"mean",7} {"q75",7} {"max",7} {"ESS",8}");
        Propensity(output, "treated", o.Treated, o.EffectiveSampleSizeTreated);
        Propensity(output, "control", o.Control, o.EffectiveSampleSizeControl);
        output.WriteLine($"trimmed at bounds: {o.ShareTrimmedLow:P1} below {F(o.Trim)}, {o.ShareTrimmedHigh:P1} above {F(1 - o.Trim)}");
    }

    private static void WriteModification(TextWriter output, EffectModificationReport report)
    {
        output.WriteLine();
        output.WriteLine($"effect modification ({report.Scale}): adjusted = mean AIPW score in the subgroup; CATE = DR-learner, out of fold");
        output.WriteLine($"{"modifier",-12} {"level",-14} {"n",6} {"treated",7} {"events",6} {"naive",9} {"adjusted",9} {"lower",9} {"upper",9} {"CATE",9} {"q10",9} {"q90",9}");
        foreach (var m in report.Modifiers)
        {
            foreach (var g in m.Subgroups)
                output.WriteLine($"{m.Modifier,-12} {g.Level,-14} {g.Count,6} {g.TreatedCount,7} {(g.Events?.ToString(CultureInfo.InvariantCulture) ?? "-"),6} {(g.Naive is { } n ? F(n.Estimate) : "-"),9} {F(g.Adjusted.Estimate),9} {F(g.Adjusted.Lower),9} {F(g.Adjusted.Upper),9} {F(g.CateMean),9} {F(g.CateQ10),9} {F(g.CateQ90),9}");
            foreach (var d in m.Differences)
                output.WriteLine($"{m.Modifier,-12} {$"{d.Level} - {m.ReferenceLevel}",-14} {"",6} {"",7} {"",6} {"",9} {F(d.Difference.Estimate),9} {F(d.Difference.Lower),9} {F(d.Difference.Upper),9}");
            if (m.HeterogeneityDegreesOfFreedom > 0)
                output.WriteLine($"{m.Modifier,-12} heterogeneity: chi-square {F(m.HeterogeneityChiSquare)} on {m.HeterogeneityDegreesOfFreedom} df, p = {F(m.HeterogeneityPValue)}");
        }
        foreach (var w in report.Warnings) output.WriteLine($"warning: {w}");
    }

    private static void Row(TextWriter output, string name, EffectInterval i) =>
        output.WriteLine($"{name,-34} {F(i.Estimate),9} {F(i.Lower),9} {F(i.Upper),9} {F(i.StandardError),9}");

    private static void Propensity(TextWriter output, string arm, PropensitySummary s, double ess) =>
        output.WriteLine($"{arm,-20} {s.Count,6} {s.Min,7:0.000} {s.Q25,7:0.000} {s.Median,7:0.000} {s.Mean,7:0.000} {s.Q75,7:0.000} {s.Max,7:0.000} {ess,8:0.0}");

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string G(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>
    /// The `causal estimate --json` document (contract 1.1): contractVersion, options, rows, imputed,
    /// covariates and estimate as in 1.0 (estimate is null for a time-to-event outcome), plus rejected
    /// (rows left out by reason), encoding (categorical coding), warnings (from reading the data),
    /// survival (null unless --time/--event) and effectModification (null unless --modifiers).
    /// </summary>
    internal static void WriteJson(TextWriter output, ObservationalCsvData loaded, EstimateResult result, CausalOptions options)
    {
        var document = new
        {
            contractVersion = CausalContract.Version,
            options,
            rows = new { read = loaded.RowsRead, filteredOut = loaded.FilteredOut, otherArm = loaded.OtherArm, missingTreatment = loaded.MissingTreatment, missingOutcome = loaded.MissingOutcome, used = loaded.Used },
            rejected = loaded.Rejected,
            imputed = loaded.Imputed,
            encoding = new { categorical = loaded.Categorical },
            covariates = loaded.CovariateNames,
            warnings = loaded.Warnings,
            estimate = result.Average,
            survival = result.Survival,
            effectModification = result.Modification,
        };
        var settings = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            // Arm names such as "Lev+5FU" stay readable instead of becoming \u002B escapes.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Converters = { new JsonStringEnumConverter() },
        };
        output.WriteLine(JsonSerializer.Serialize(document, settings));
    }
}
