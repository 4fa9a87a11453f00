using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DtSmdrl.Host.Cluster;
using DtSmdrl.Host.Hosting;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Baselines;
using DtSmdrl.Pipeline.Baselines.Supervised;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Evaluation.Progress;
using DtSmdrl.Pipeline.Planning;
using DtSmdrl.Pipeline.Provenance;
using DtSmdrl.Pipeline.Report;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Study.Example;
using DtSmdrl.Pipeline.Study.Truth;
using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Prior;
using DtSmdrl.Plugins.Adapters;
using DtSmdrl.Plugins.BuiltIn.Explainers.Global;
using DtSmdrl.Plugins.Loading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// `dtsmdrl study`: the baseline comparison study (metrics.md version 2). Generates (or loads) a cohort, runs every
/// registered method on the test patients' true twins for R replicates of the dice, beside the no-treatment and
/// perfect-information reference rows, and writes the metrics table with 95% bootstrap intervals, paired differences,
/// the Q-TWiST sensitivity table, per-patient results and a manifest from which the same command reproduces it.
/// </summary>
public static class StudyCommand
{
    public static Command Create()
    {
        var profile = new Option<string>("--profile") { Description = "quick (a few minutes on 2 cores) or full", DefaultValueFactory = _ => "quick" };
        var seed = CommonOptions.Seed();
        var output = CommonOptions.Out("study-out");
        var cohort = new Option<string?>("--cohort") { Description = "Use this cohort folder (from `dtsmdrl synth`) instead of generating one" };
        var population = new Option<string?>("--population")
        {
            Description = "Generate the cohort from this population file (data-schemas/population.schema.json) instead of the built-in defaults; methods never read it",
        };
        var threads = CommonOptions.Threads();
        var quiet = CommonOptions.Quiet();
        var ablations = new Option<bool>("--ablations") { Description = "Also run the DT-SMDRL ablations: without shield, mean-cost instead of CVaR constraint, without meta-learning, without uncertainty, and with the fusion transformer's view" };
        var robustness = new Option<bool>("--robustness")
        {
            Description = "Also let every fitted compared arm decide from degraded test records (30% of modalities removed; measurement noise doubled) and write robustness.csv",
        };
        var adaptationPatients = new Option<int>("--adaptation-patients")
        {
            Description = "Test patients for the adaptation-speed measurement in observed scans (DT-SMDRL, DT-SMDRL without meta-learning, Twin-MPC); 0 = off",
            DefaultValueFactory = _ => new AdaptationOptions().Patients,
        };
        var defaults = new DtSmdrlArmOptions();
        var adaptationUpdates = new Option<int>("--adaptation-updates")
        {
            Description = "DT-SMDRL: PPO updates of adaptation on each test patient's twins (K)",
            DefaultValueFactory = _ => defaults.AdaptationUpdates,
        };
        var shieldThreshold = new Option<double>("--shield-threshold")
        {
            Description = "DT-SMDRL: mask actions whose forecast P(severe toxicity next cycle) exceeds this (1 = shield never masks)",
            DefaultValueFactory = _ => defaults.ShieldThreshold ?? 1.0,
        };
        var shield = new Option<string?>("--shield")
        {
            Description = "DT-SMDRL: the safety shield plugin to decide behind, by name (default: configuration Safety:Shield, else the built-in \"threshold\"); `dtsmdrl plugins list` shows the loaded ones",
        };
        var riskMeasure = new Option<string?>("--risk-measure")
        {
            Description = "DT-SMDRL: the safety plugin's risk measure its Lagrangian constrains, by name (default: configuration Safety:RiskMeasure, else the built-in \"cvar\"; \"mean\" is the mean cost)",
        };
        var only = new Option<string?>("--methods")
        {
            Description = "Comma-separated method names to run (as in metrics.csv, e.g. \"Clinical Baseline,DT-SMDRL\"); default all",
        };
        var cluster = new Option<bool>("--cluster")
        {
            Description = "Run the perfect-information search on the Orleans cluster configured by Cluster:* (this process is its client); the methods still run here",
        };
        var learnedPrior = new Option<bool>("--learned-prior")
        {
            Description = "Twin-MPC and DT-SMDRL start from the learned multimodal twin prior (Twin/Prior: cross-fitted on the training courses' posteriors) instead of the biomarker-conditioned prior; see `dtsmdrl twin prior-eval`",
        };
        var command = new Command("study", "Run the baseline comparison study and write metrics.csv, metrics.md and per-patient results")
        {
            profile, seed, output, cohort, threads, quiet, ablations, robustness, adaptationPatients, only, adaptationUpdates, shieldThreshold, shield, riskMeasure, population, cluster, learnedPrior,
        };
        command.SetAction(parse =>
        {
            // The shield and the risk measure come from the plugin registry (built-in and allowed folder plugins of --config's
            // Plugins section); the host is only built, never started, and lives as long as the study (plugin code runs in its
            // load contexts).
            IHost? plugins = null;
            var option = "--config";
            var agent = new DtSmdrlArmOptions { AdaptationUpdates = parse.GetValue(adaptationUpdates), ShieldThreshold = parse.GetValue(shieldThreshold) };
            try
            {
                var builder = DtSmdrlHostBuilder.Create(parse.GetValue(CommandLineApp.ConfigOption));
                // Discovery logs only what needs attention (a refused plugin is a warning); the study prints its own progress.
                builder.Logging.AddFilter("DtSmdrl.Plugins", LogLevel.Warning);
                plugins = builder.Build();
                var configuration = plugins.Services.GetRequiredService<IConfiguration>();
                var registry = plugins.Services.GetRequiredService<PluginRegistry>();
                option = "--shield";
                agent = AgentShield.Apply(agent, registry, parse.GetValue(shield) ?? configuration[AgentShield.ConfigurationKey] ?? AgentShield.Default);
                option = "--risk-measure";
                agent = AgentRiskMeasure.Apply(agent, registry, parse.GetValue(riskMeasure) ?? configuration[AgentRiskMeasure.ConfigurationKey] ?? AgentRiskMeasure.Default);
            }
            catch (Exception e) when (e is OptionsValidationException or FileNotFoundException)
            {
                plugins?.Dispose();
                Console.Error.WriteLine($"configuration error: {e.Message}");
                return CliHost.ConfigurationError;
            }
            catch (KeyNotFoundException e)
            {
                plugins?.Dispose();
                Console.Error.WriteLine($"dtsmdrl study: {option}: {e.Message}");
                return 2;
            }
            using var pluginHost = plugins;
            int Study(ClusterPerfectInformationSolver? solver) => Run(
                StudyProfile.Parse(parse.GetValue(profile)!), parse.GetValue(seed), parse.GetValue(output)!,
                parse.GetValue(cohort), parse.GetValue(threads), !parse.GetValue(quiet),
                parse.GetValue(ablations), new AdaptationOptions { Patients = parse.GetValue(adaptationPatients) }, parse.GetValue(only),
                agent, parse.GetValue(robustness), parse.GetValue(population), solver, parse.GetValue(learnedPrior));
            if (!parse.GetValue(cluster)) return Study(null);
            // A client of the running cluster, as `jobs run` with Cluster:Enabled.
            return CliHost.Run(parse.GetValue(CommandLineApp.ConfigOption), host =>
            {
                host.Start();
                return Study(host.Services.GetRequiredService<ClusterPerfectInformationSolver>());
            }, builder => ClusterHosting.AddClientIfEnabled(builder), new Dictionary<string, string?> { ["Cluster:Enabled"] = "true" });
        });
        return command;
    }

    internal static int Run(StudyProfile profile, int seed, string output, string? cohortFolder, int threads, bool progress,
        bool ablations = false, AdaptationOptions? adaptation = null, string? only = null, DtSmdrlArmOptions? agent = null,
        bool robustness = false, string? populationFile = null, ClusterPerfectInformationSolver? cluster = null, bool learnedPrior = false)
    {
        adaptation ??= new AdaptationOptions();
        adaptation.Validate();
        if (populationFile is not null && cohortFolder is not null)
        {
            Console.Error.WriteLine("dtsmdrl study: --population and --cohort exclude each other: a cohort folder was already drawn from its population (its cohort.json records which).");
            return 2;
        }
        // Read before any work, so a bad population file fails in a second.
        var population = populationFile is null ? null : PopulationFile.Read(populationFile);
        var wall = Stopwatch.StartNew();
        Directory.CreateDirectory(output);
        if (cohortFolder is null)
        {
            cohortFolder = Path.Combine(output, "cohort");
            var options = new CohortOptions { Size = profile.CohortSize, Seed = seed, Population = population?.Population, PopulationSha256 = population?.Sha256 };
            using var bar = progress ? new ProgressBar("cohort", options.Size) : null;
            CohortFolder.Write(cohortFolder, new SyntheticCohortGenerator(options), bar);
        }
        var cohortSeconds = wall.Elapsed.TotalSeconds;
        var cohort = CohortFolder.Load(cohortFolder);
        var test = cohort.InSplit(CohortSplit.Test);
        // The truth stays with the evaluation (runner, planner, adaptation, example); methods get `test` and the training data.
        var truth = cohort.TruthOf(test);

        var runOptions = new StudyRunOptions
        {
            TrainingSeeds = profile.TrainingSeeds.Select(s => s + 1000 * seed).ToList(),
            Threads = threads,
            BootstrapResamples = profile.BootstrapResamples,
            BootstrapSeed = seed,
            Replicates = profile.Replicates,
            ShowProgress = progress,
        };
        var actions = runOptions.Environment.Simulation.Actions;
        var arms = new PpoArmOptions { Environment = runOptions.Environment };
        using var drl = new PpoArmMethod(personalised: false, arms);
        using var twinDrl = new PpoArmMethod(personalised: true, arms);
        var full = (agent ?? new DtSmdrlArmOptions()) with { Environment = runOptions.Environment, Workers = threads };
        if (full.AdaptationUpdates < 0 || full.ShieldThreshold is < 0 or > 1)
        {
            Console.Error.WriteLine($"dtsmdrl study: --adaptation-updates must be >= 0 and --shield-threshold in [0, 1] (got {full.AdaptationUpdates} and {full.ShieldThreshold}).");
            return 2;
        }
        // With --learned-prior each twin arm gets its own LearnedTwinPrior (each Fit refits it; same seed, same numbers).
        var twinMpcOptions = new TwinMpcOptions { Environment = runOptions.Environment, Threads = threads };
        LearnedTwinPrior? Learned(PosteriorOptions? belief = null) =>
            learnedPrior ? new LearnedTwinPrior(new TwinPrior(), new LearnedTwinPriorOptions { Threads = threads }, belief) : null;
        // Twin-MPC's demonstrations for the imitation warm start, recorded once per training seed for every DT-SMDRL arm that needs the same ones.
        var demonstrations = new DemonstrationCache();
        var dtSmdrl = new DtSmdrlMethod(full, source: Learned()) { DemonstrationCache = demonstrations };
        // Table order after the reference rows (No treatment, Perfect-information planner, which the runner adds):
        // Twin-MPC (the posterior-planning reference row) first, then the compared arms, then the ablations.
        var twinMpc = new TwinMpcMethod(twinMpcOptions, Learned(twinMpcOptions.Posterior));
        var methods = new List<ITreatmentMethod> { twinMpc, new ClinicalBaselineMethod(actions), new SupervisedBaselineMethod(actions), drl, twinDrl, dtSmdrl };
        using var fusionSource = ablations ? new FusionTwinSource(cohort, threads: threads) : null;
        if (ablations)
        {
            methods.AddRange(DtSmdrlAblations.Create(full, demonstrations));
            methods.Add(DtSmdrlAblations.WithFusion(full, fusionSource!));
        }
        // The in-course belief and imitation arms run only when named in --methods (they are not in the default table yet).
        List<DtSmdrlMethod> beliefArms = [.. DtSmdrlAblations.InCourseBelief(full, demonstrations), DtSmdrlAblations.ImitationOnly(full, demonstrations)];
        if (!ablations) beliefArms.Add(DtSmdrlAblations.WithoutImitation(full));
        if (only is not null)
        {
            var wanted = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            methods.AddRange(beliefArms.Where(m => wanted.Contains(m.Name, StringComparer.OrdinalIgnoreCase)));
            var unknown = wanted.Where(w => !methods.Any(m => string.Equals(m.Name, w, StringComparison.OrdinalIgnoreCase))).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"dtsmdrl study: --methods: unknown method(s) {string.Join(", ", unknown)}; known: {string.Join(", ", methods.Concat(beliefArms).Select(m => m.Name).Distinct())}.");
                return 2;
            }
            methods = methods.Where(m => wanted.Contains(m.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        }
        var conditions = robustness ? RobustnessConditions(test, truth, cohort.Manifest.Options, seed) : [];
        // Every learned arm's training curve per seed, read after each Fit (the arms train exactly as without it).
        var learningCurves = new LearningCurveRecorder();
        // Robustness is measured for the compared arms; the DT-SMDRL variants answer other questions.
        // Where the perfect-information search runs; its results are the same either way.
        var search = cluster is null
            ? new JsonObject { ["on"] = "in process", ["threads"] = threads }
            : new JsonObject { ["on"] = "cluster", ["silos"] = cluster.ActiveSilos() };
        var result = new StudyRunner(runOptions, cluster).Run(cohort.TrainingData(), test, truth, methods.Select(learningCurves.Record).ToList(), conditions,
            robustnessFor: m => !DtSmdrl.Pipeline.Report.ResultsNarrative.IsAblation(m.Name));
        StudyReportWriter.Write(output, result, test, actions, new PlanLibrary(actions, runOptions.Environment.Cycles));
        LearningCurveFiles.Write(output, learningCurves.Curves);

        // Twin-MPC's compute of the study's own run, read before the adaptation measurement prepares it again.
        var twinMpcCompute = methods.Contains(twinMpc) ? TwinMpcCompute(twinMpc) : null;
        var dtSmdrlCompute = methods.Contains(dtSmdrl) ? DtSmdrlCompute(dtSmdrl) : null;
        var adaptationWatch = Stopwatch.StartNew();
        var measureAdaptation = adaptation.Patients > 0 && methods.Contains(dtSmdrl);
        var adaptationArms = new List<string>();
        if (measureAdaptation)
        {
            var adaptationProgress = progress ? new SynchronousProgress<string>(m => Console.Error.WriteLine($"study: {m}")) : null;
            // The fitted arms hold the last training seed's fit; the ablation is fitted on that seed here when the study did not run it.
            var withoutMeta = methods.OfType<DtSmdrlMethod>().FirstOrDefault(m => m.Name == DtSmdrlAblations.WithoutMetaLearningName);
            if (withoutMeta is null)
            {
                withoutMeta = DtSmdrlAblations.WithoutMetaLearning(full, demonstrations);
                adaptationProgress?.Report($"adaptation: fitting {withoutMeta.Name} (seed {runOptions.TrainingSeeds[^1]})");
                withoutMeta.Fit(cohort.TrainingData(), runOptions.TrainingSeeds[^1], adaptationProgress);
            }
            List<ITreatmentMethod> measured = [dtSmdrl, withoutMeta, .. methods.Contains(twinMpc) ? [twinMpc] : Array.Empty<ITreatmentMethod>()];
            adaptationArms.AddRange(measured.Select(m => m.Name));
            var records = AdaptationStudy.Run(measured, test, truth, PerfectInformationSettings.For(runOptions), adaptation, threads, adaptationProgress,
                result.PerfectInformation.Select(p => p.For(result.Utility)).ToList());
            AdaptationReportWriter.Write(output, records, adaptation.Fraction, runOptions.BootstrapResamples, runOptions.BootstrapSeed);
        }
        var adaptationSeconds = adaptationWatch.Elapsed.TotalSeconds;
        var reportInputsWatch = Stopwatch.StartNew();
        if (methods.Contains(dtSmdrl))
        {
            // Report inputs from the last training seed's fits: the example patient's twin trajectories and biomarker importance per regimen.
            var train = cohort.TrainingData().Train;
            var supervised = methods.OfType<SupervisedBaselineMethod>().SingleOrDefault();
            ExamplePatientCsv.Write(Path.Combine(output, ExamplePatientStudy.CsvFile), ExamplePatientStudy.Run(dtSmdrl, test, truth, seed));
            GlobalImportanceTable.Write(Path.Combine(output, GlobalImportanceTable.CsvFile),
                [.. DtSmdrlPolicyImportance.Compute(dtSmdrl, test, train, seed),
                 .. supervised is null ? [] : SupervisedImportance.Compute(supervised, test, train, seed)]);
        }
        var reportInputsSeconds = reportInputsWatch.Elapsed.TotalSeconds;

        var manifest = new JsonObject
        {
            ["command"] = CommandLine(profile, seed, output, cohortFolder, ablations, adaptation, only, full, robustness, populationFile, cluster is not null, learnedPrior),
            // Where Twin-MPC's and DT-SMDRL's twins start: the biomarker-conditioned prior, or the learned multimodal prior.
            ["twin_prior"] = learnedPrior ? "learned (Twin/Prior, cross-fitted on course posteriors)" : "biomarker-conditioned",
            ["profile"] = profile.Name,
            ["seed"] = seed,
            ["training_seeds"] = new JsonArray(runOptions.TrainingSeeds.Select(s => (JsonNode)s).ToArray()),
            ["metrics_version"] = 2,
            ["replicates"] = runOptions.Replicates,
            ["oracle_replicates"] = runOptions.OracleReplicates,
            ["severe_event_limit"] = runOptions.SevereEventLimit,
            ["qtwist_utility"] = new JsonObject { ["u_tox"] = runOptions.Utility.Toxicity, ["u_rel"] = runOptions.Utility.Relapse },
            ["cohort"] = new JsonObject
            {
                ["folder"] = Path.GetFullPath(cohortFolder),
                ["size"] = cohort.Patients.Count,
                ["test_patients"] = test.Count,
                // The population itself is in the cohort's cohort.json; "population" below names its source.
                ["options"] = JsonSerializer.SerializeToNode(cohort.Manifest.Options with { Population = null }),
                ["files_sha256"] = new JsonObject(cohort.Manifest.Files.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value))),
            },
            // SHA-256 of the population file the cohort was drawn from, or "built-in defaults".
            ["population"] = cohort.Manifest.Options.PopulationSource(),
            ["methods"] = new JsonArray(methods.Select(m => (JsonNode)m.Name).ToArray()),
            ["git_commit"] = BuildInfo.GitCommit,
            ["packages"] = new JsonObject(BuildInfo.PackageVersions.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            ["machine"] = MachineInfo.Current().ToString(),
            ["threads"] = threads,
            ["perfect_information_search"] = search,
            ["ablations"] = ablations,
            ["robustness"] = new JsonArray(conditions.Select(c => (JsonNode)c.Name).ToArray()),
            ["dt_smdrl"] = new JsonObject
            {
                ["adaptation_updates"] = full.AdaptationUpdates,
                ["shield_threshold"] = full.ShieldThreshold,
                ["shield"] = full.Shield?.Name ?? AgentShield.Default,
                ["risk_measure"] = full.Meta.Inner.CustomCostMeasure?.Name ?? full.Meta.Inner.CostMeasure.ToString().ToLowerInvariant(),
            },
            ["adaptation"] = new JsonObject
            {
                ["patients"] = Math.Min(adaptation.Patients, test.Count),
                ["max_scans"] = adaptation.MaxScans,
                ["fraction"] = adaptation.Fraction,
                ["training_seed"] = runOptions.TrainingSeeds[^1],
                ["arms"] = new JsonArray(adaptationArms.Select(a => (JsonNode)a).ToArray()),
            },
            ["wall_seconds"] = new JsonObject
            {
                ["cohort"] = Math.Round(cohortSeconds, 2),
                ["oracle"] = Math.Round(result.OracleSeconds, 2),
                // One thread's time per patient: the tree search on the oracle replicates and the valuation.
                ["oracle_seconds_per_patient"] = Math.Round(result.OracleSecondsPerPatient, 4),
                ["adaptation"] = Math.Round(adaptationSeconds, 2),
                ["example_patient_and_importance"] = Math.Round(reportInputsSeconds, 2),
                ["methods"] = new JsonObject(result.MethodSeconds.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)Math.Round(m.Value, 2)))),
                ["total"] = Math.Round(wall.Elapsed.TotalSeconds, 2),
            },
            // Twin-MPC's compute per decision (metrics.md: reported beside its row): the cycle-0 plan per patient, then
            // every in-course re-planning of every replicate (of the last Prepare: with --robustness, the last condition);
            // wall seconds on the worker that made it. DT-SMDRL's beside it, from its last training seed's episodes (DtSmdrlCompute).
            ["twin_mpc"] = twinMpcCompute,
            ["dt_smdrl_compute"] = dtSmdrlCompute,
            // The Platt map of DT-SMDRL's stated response probability, fitted on the validation courses (last training seed).
            ["dt_smdrl_response_calibration"] = methods.Contains(dtSmdrl) ? ResponseCalibration(dtSmdrl.ResponseCalibration) : null,
            // Peak resident memory of this process so far (the report and figures that follow add little).
            ["peak_working_set_bytes"] = Process.GetCurrentProcess().PeakWorkingSet64,
        };
        File.WriteAllText(Path.Combine(output, "manifest.json"), manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        DtSmdrl.Pipeline.Report.StudyReport.Write(output);

        Console.WriteLine($"# DT-SMDRL study, profile {profile.Name}, seed {seed}: {test.Count} test patients");
        Console.WriteLine();
        Console.Write(File.ReadAllText(Path.Combine(output, StudyReportWriter.MetricsMarkdown)));
        Console.WriteLine();
        if (measureAdaptation)
        {
            Console.WriteLine($"## Adaptation speed in observed scans ({Math.Min(adaptation.Patients, test.Count)} test patients x {runOptions.Replicates} replicates, training seed {runOptions.TrainingSeeds[^1]})");
            Console.WriteLine();
            Console.Write(File.ReadAllText(Path.Combine(output, AdaptationReportWriter.SummaryMarkdown)));
            Console.WriteLine();
        }
        Console.WriteLine($"Written to {Path.GetFullPath(output)} (metrics.csv, metrics.md, paired.csv, qtwist_sensitivity.csv, per_patient.csv, oracle.csv, learning_curves.csv, convergence.csv, {(measureAdaptation ? "adaptation.csv, adaptation_per_patient.csv, adaptation.md, " : "")}{(robustness ? "robustness.csv, robustness.md, " : "")}{(methods.Contains(dtSmdrl) ? "example_patient.csv, importance.csv, " : "")}manifest.json, per_cycle.csv, report.md, report.html, figures/) in {wall.Elapsed.TotalSeconds:F0} s.");
        return 0;
    }

    private static JsonObject ComputeSummary(IReadOnlyCollection<double> seconds)
    {
        var sorted = seconds.Order().ToArray();
        return new JsonObject
        {
            ["decisions"] = sorted.Length,
            ["p50_seconds"] = sorted.Length == 0 ? null : Math.Round(Bootstrap.Quantile(sorted, 0.5), 5),
            ["p95_seconds"] = sorted.Length == 0 ? null : Math.Round(Bootstrap.Quantile(sorted, 0.95), 5),
            ["mean_seconds"] = sorted.Length == 0 ? null : Math.Round(sorted.Average(), 5),
        };
    }

    // DT-SMDRL's compute per decision in its last training seed's episodes, beside Twin-MPC's: a first decision costs the
    // patient's K adaptation updates plus the cycle-0 decision; an in-course decision is the batched decision's share per patient.
    private static JsonObject DtSmdrlCompute(DtSmdrlMethod method)
    {
        var times = method.LastPolicies?.DecisionTimes ?? [];
        var cycle0 = times.Where(t => t.Cycle == 0).Select(t => t.SecondsPerDecision).DefaultIfEmpty(0).Average();
        return new JsonObject
        {
            ["first_decision"] = ComputeSummary(method.AdaptationSeconds.Select(a => a + cycle0).ToArray()),
            ["adaptation"] = ComputeSummary(method.AdaptationSeconds),
            ["in_course_decisions"] = ComputeSummary(times.Where(t => t.Cycle > 0).SelectMany(t => Enumerable.Repeat(t.SecondsPerDecision, t.Decisions)).ToArray()),
        };
    }

    private static JsonObject? ResponseCalibration(StatedResponseCalibration? calibration) => calibration is null ? null : new JsonObject
    {
        ["a"] = calibration.Map.A,
        ["b"] = calibration.Map.B,
        ["samples"] = calibration.Samples,
        ["validation_courses"] = calibration.Courses,
        ["responders"] = calibration.Responders,
    };

    private static JsonObject TwinMpcCompute(TwinMpcMethod method)
    {
        return new JsonObject
        {
            ["first_decision"] = ComputeSummary(method.PrepareSeconds),
            ["in_course_decisions"] = ComputeSummary(method.LastPolicy?.DecisionSeconds ?? []),
        };
    }

    // The robustness checks of the issue: 30% of each test patient's modalities removed; every measurement noise doubled.
    private static IReadOnlyList<RobustnessCondition> RobustnessConditions(IReadOnlyList<StudyPatient> test, IReadOnlyList<EvaluationTruth> truth,
        CohortOptions cohortOptions, int seed) =>
    [
        RobustnessCondition.MissingModalities(test, 0.3, seed),
        RobustnessCondition.ScaledNoise(test, truth, cohortOptions, 2.0),
    ];

    // The command that reproduces this run: every option that differs from its default.
    private static string CommandLine(StudyProfile profile, int seed, string output, string cohortFolder, bool ablations,
        AdaptationOptions adaptation, string? only, DtSmdrlArmOptions agent, bool robustness, string? populationFile, bool cluster, bool learnedPrior)
    {
        var defaults = new DtSmdrlArmOptions();
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var line = new System.Text.StringBuilder($"dtsmdrl study --profile {profile.Name} --seed {seed} --out {output}");
        if (cohortFolder != Path.Combine(output, "cohort")) line.Append(c, $" --cohort {cohortFolder}");
        if (populationFile is not null) line.Append(c, $" --population {populationFile}");
        if (ablations) line.Append(" --ablations");
        if (robustness) line.Append(" --robustness");
        if (adaptation.Patients != new AdaptationOptions().Patients) line.Append(c, $" --adaptation-patients {adaptation.Patients}");
        if (only is not null) line.Append(c, $" --methods \"{only}\"");
        if (agent.AdaptationUpdates != defaults.AdaptationUpdates) line.Append(c, $" --adaptation-updates {agent.AdaptationUpdates}");
        if (agent.ShieldThreshold != defaults.ShieldThreshold) line.Append(c, $" --shield-threshold {agent.ShieldThreshold ?? 1.0}");
        if (agent.Shield is { } plugin) line.Append(c, $" --shield {plugin.Name}");
        if (agent.Meta.Inner.CustomCostMeasure is { } measure) line.Append(c, $" --risk-measure {measure.Name}");
        else if (agent.Meta.Inner.CostMeasure != defaults.Meta.Inner.CostMeasure) line.Append(c, $" --risk-measure {agent.Meta.Inner.CostMeasure.ToString().ToLowerInvariant()}");
        if (cluster) line.Append(" --cluster");
        if (learnedPrior) line.Append(" --learned-prior");
        return line.ToString();
    }
}
