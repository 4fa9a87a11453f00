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

    private static Command Estimate()
    {
        var data = new Option<string>("--data") { Description = "CSV file with a header row", Required = true };
        var treatment = new Option<string>("--treatment") { Description = "Treatment (arm) column", Required = true };
        var treated = new Option<string>("--treated") { Description = "Value of the treated arm", Required = true };
        var control = new Option<string>("--control") { Description = "Value of the control arm", Required = true };
        var outcome = new Option<string>("--outcome") { Description = "Outcome column (0/1 gives a risk difference, numeric a mean difference)", Required = true };
        var covariates = new Option<string>("--covariates") { Description = "Comma-separated numeric covariate columns; missing values are mean-imputed with a <name>_missing indicator", Required = true };
        var filter = new Option<string[]>("--filter") { Description = "Keep rows where COL=VALUE (repeatable)", AllowMultipleArgumentsPerToken = false };
        var seed = CommonOptions.Seed();
        var folds = new Option<int>("--folds") { Description = "Cross-fitting folds", DefaultValueFactory = _ => 5 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples, each re-fitting every model (0: off)", DefaultValueFactory = _ => 200 };
        var trim = new Option<double>("--trim") { Description = "Clip propensities to [trim, 1-trim]", DefaultValueFactory = _ => 0.01 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("estimate", "Naive and doubly robust (AIPW) average effect of --treated versus --control on --outcome")
        {
            data, treatment, treated, control, outcome, covariates, filter, seed, folds, bootstrap, trim, json,
        };
        command.SetAction(parse =>
        {
            try
            {
                var spec = new ObservationalCsvSpec(
                    parse.GetValue(treatment)!, parse.GetValue(treated)!, parse.GetValue(control)!, parse.GetValue(outcome)!,
                    parse.GetValue(covariates)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                    (parse.GetValue(filter) ?? []).Select(ParseFilter).ToArray());
                var options = new CausalOptions
                {
                    Seed = parse.GetValue(seed),
                    Folds = parse.GetValue(folds),
                    BootstrapResamples = parse.GetValue(bootstrap),
                    PropensityTrim = parse.GetValue(trim),
                };
                var loaded = CsvObservationalLoader.Load(parse.GetValue(data)!, spec);
                var query = new EffectQuery(spec.TreatedValue, spec.ControlValue, spec.OutcomeColumn);
                var estimate = new DoublyRobustEstimator().EstimateAverageEffect(loaded.Data, query, options);
                if (parse.GetValue(json)) WriteJson(Console.Out, loaded, estimate, options);
                else WriteTable(Console.Out, loaded, estimate, options);
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or FileNotFoundException)
            {
                Console.Error.WriteLine($"causal estimate: error: {e.Message}");
                return 2;
            }
        });
        return command;
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
                    Causal = new CausalOptions { Seed = parse.GetValue(seed), Folds = parse.GetValue(folds), CateLearner = parse.GetValue(cateLearner),
                        PropensityLearner = parse.GetValue(nuisanceLearner), OutcomeLearner = parse.GetValue(nuisanceLearner), BootstrapResamples = 0, Refute = false },
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

    internal static void WriteTable(TextWriter output, ObservationalCsvData loaded, EffectEstimate estimate, CausalOptions options)
    {
        var q = estimate.Query;
        var scale = estimate.Outcome == OutcomeKind.Binary ? "risk difference" : "mean difference";
        output.WriteLine($"effect of {q.TreatedLabel} vs {q.ControlLabel} on {q.OutcomeLabel} ({scale}, {q.Level:P0} intervals)");
        output.WriteLine($"rows: {loaded.RowsRead} read, {loaded.FilteredOut} filtered out, {loaded.OtherArm} in other arms, {loaded.MissingTreatment} missing treatment, {loaded.MissingOutcome} missing outcome dropped; {estimate.Count} used ({estimate.TreatedCount} treated, {estimate.ControlCount} control)");
        foreach (var m in loaded.Imputed)
            output.WriteLine($"imputed: {m.Name} missing in {m.MissingCount} rows, set to mean {F(m.Mean)} with indicator {m.Name}_missing");
        output.WriteLine($"estimator: {estimate.Estimator}; seed {options.Seed}, {options.Folds} folds, trim {F(options.PropensityTrim)}");
        output.WriteLine();
        output.WriteLine($"{"estimate",-34} {"effect",9} {"lower",9} {"upper",9} {"se",9}");
        Row(output, "naive difference (Wald)", estimate.Naive);
        Row(output, "AIPW (analytic)", estimate.Adjusted);
        if (estimate.Bootstrap is { } b) Row(output, $"AIPW (bootstrap percentile, {options.BootstrapResamples})", b);
        if (estimate.Overlap is { } o)
        {
            output.WriteLine();
            output.WriteLine($"{"overlap: propensity",-20} {"n",6} {"min",7} {"q25",7} {"median",7} {"mean",7} {"q75",7} {"max",7} {"ESS",8}");
            Propensity(output, "treated", o.Treated, o.EffectiveSampleSizeTreated);
            Propensity(output, "control", o.Control, o.EffectiveSampleSizeControl);
            output.WriteLine($"trimmed at bounds: {o.ShareTrimmedLow:P1} below {F(o.Trim)}, {o.ShareTrimmedHigh:P1} above {F(1 - o.Trim)}");
        }
        if (estimate.Refutations.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"{"refutation",-26} {"result",-6} {"original",9} {"new",9}  criterion");
            foreach (var r in estimate.Refutations)
                output.WriteLine($"{r.Name,-26} {(r.Passed ? "pass" : "FAIL"),-6} {F(r.OriginalEstimate),9} {F(r.NewEstimate),9}  {r.Criterion}");
        }
        foreach (var w in estimate.Warnings) output.WriteLine($"warning: {w}");
    }

    private static void Row(TextWriter output, string name, EffectInterval i) =>
        output.WriteLine($"{name,-34} {F(i.Estimate),9} {F(i.Lower),9} {F(i.Upper),9} {F(i.StandardError),9}");

    private static void Propensity(TextWriter output, string arm, PropensitySummary s, double ess) =>
        output.WriteLine($"{arm,-20} {s.Count,6} {s.Min,7:0.000} {s.Q25,7:0.000} {s.Median,7:0.000} {s.Mean,7:0.000} {s.Q75,7:0.000} {s.Max,7:0.000} {ess,8:0.0}");

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    internal static void WriteJson(TextWriter output, ObservationalCsvData loaded, EffectEstimate estimate, CausalOptions options)
    {
        var document = new
        {
            contractVersion = CausalContract.Version,
            options,
            rows = new { read = loaded.RowsRead, filteredOut = loaded.FilteredOut, otherArm = loaded.OtherArm, missingTreatment = loaded.MissingTreatment, missingOutcome = loaded.MissingOutcome, used = estimate.Count },
            imputed = loaded.Imputed,
            covariates = loaded.Data.CovariateNames,
            estimate,
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
