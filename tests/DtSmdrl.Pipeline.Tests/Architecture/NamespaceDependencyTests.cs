using System.Text;

namespace DtSmdrl.Pipeline.Tests.Architecture;

/// <summary>
/// The Pipeline's folders form layers, and a folder may use only its own layer and those below: data and physiology at
/// the bottom, then the decision process, the metrics, the learned models, the agents and planners, the experiment
/// (cohort generator and study) and, on top, what assembles them (reports, benchmarks, diagnostics, the ML.NET
/// catalog). The references are read from the compiled assembly (<see cref="TypeReferences"/>), so a fully qualified
/// name or a lambda counts as much as a <c>using</c> line.
/// Today's upward references are listed in <see cref="KnownViolations"/>, with an example each: the debt the one-house
/// refactor removes. A new one fails the test; so does a listed one that no longer exists (take it off the list).
/// </summary>
[TestClass]
public sealed class NamespaceDependencyTests
{
    // Lowest first; "" is the root namespace (DtSmdrlCatalog, the ML.NET catalog extensions).
    private static readonly string[][] Layers =
    [
        ["Provenance", "Torch", "Statistics"],
        ["Data"],
        ["Preprocessing"],
        ["Twin"],
        ["Env"],
        ["Evaluation"],
        ["Fusion", "Baselines"],
        ["Agent", "Planning"],
        ["Cohort"],
        ["Study"],
        ["Report", "Benchmarks", "Diagnostics", ""],
    ];

    // Upward references in the code as of 2026-12-02 (example type pair in the comment).
    private static readonly HashSet<(string From, string To)> KnownViolations =
    [
        ("Agent", ""),                // Agent.MlNet.MetaPpoModelBundle -> DtSmdrlCatalog
        ("Agent", "Cohort"),          // Agent.Arms.FusionTwinSource -> Cohort.StudyCohort
        ("Agent", "Study"),           // Agent.Arms.AdaptedPolicySet -> Study.ITreatmentPolicy
        ("Baselines", ""),            // Baselines.Supervised.SupervisedBaselineModel -> DtSmdrlCatalog
        ("Baselines", "Study"),       // Baselines.ClinicalBaselineMethod -> Study.ITreatmentMethod
        ("Cohort", "Study"),          // Cohort.CohortFolder -> Study.CohortSplit
        ("Evaluation", "Baselines"),  // Evaluation.Prior.PriorEvaluation -> Baselines.Supervised.BinaryScores
        ("Evaluation", "Cohort"),     // Evaluation.Prior.PriorEvaluation -> Cohort.StudyCohort
        ("Evaluation", "Fusion"),     // Evaluation.Prior.PriorEvaluation -> Fusion.Evaluation.PriorScores
        ("Evaluation", "Study"),      // Evaluation.Prior.PriorEvaluation -> Study.StudyData
        ("Fusion", ""),               // Fusion.MlNet.FusionPipeline -> DtSmdrlCatalog
        ("Fusion", "Cohort"),         // Fusion.FusionCohortTargets -> Cohort.StudyCohort
        ("Fusion", "Study"),          // Fusion.FusionCohortTargets -> Study.RetrospectiveCourse
        ("Planning", "Cohort"),       // Planning.TwinMpcBenchmark -> Cohort.CohortOptions
        ("Planning", "Study"),        // Planning.BiomarkerPosteriorSource -> Study.StudyData
        ("Twin", ""),                 // Twin.Prior.LearnedTwinPrior -> DtSmdrlCatalogExtensions
        ("Twin", "Agent"),            // Twin.Prior.LearnedTwinPrior -> Agent.Arms.IPatientTwinSource
        ("Twin", "Env"),              // Twin.Inference.BatchedTwinBelief -> Env.TwinObservation
        ("Twin", "Planning"),         // Twin.Prior.LearnedTwinPrior -> Planning.ITwinBeliefSource
        ("Twin", "Study"),            // Twin.Prior.LearnedTwinPrior -> Study.StudyData
    ];

    private static readonly SortedDictionary<(string From, string To), string> Edges =
        NamespaceDependencies.Of(typeof(DtSmdrl.Pipeline.Diagnostics.SmokeChecks).Assembly);

    private static int LayerOf(string folder) => Array.FindIndex(Layers, layer => layer.Contains(folder));

    [TestMethod]
    public void EveryFolderHasALayer()
    {
        var folders = Edges.Keys.SelectMany(e => new[] { e.From, e.To }).Distinct().Where(f => LayerOf(f) < 0).ToList();
        Assert.IsEmpty(folders, $"folders without a layer (add them to Layers): {string.Join(", ", folders)}");
    }

    [TestMethod]
    public void NoFolderUsesAHigherLayerBeyondTheKnownDebt()
    {
        var upward = Edges.Where(e => LayerOf(e.Key.To) > LayerOf(e.Key.From) && !KnownViolations.Contains(e.Key))
            .Select(e => $"{Name(e.Key.From)} -> {Name(e.Key.To)} ({e.Value})").ToList();
        Assert.IsEmpty(upward, "new upward references:\n" + string.Join("\n", upward));
    }

    [TestMethod]
    public void EveryKnownViolationStillExists()
    {
        var fixedOnes = KnownViolations.Where(v => !Edges.ContainsKey(v)).Select(v => $"{Name(v.From)} -> {Name(v.To)}").ToList();
        Assert.IsEmpty(fixedOnes, $"no longer referenced (take them off KnownViolations): {string.Join(", ", fixedOnes)}");
        // The list holds only upward references, so it cannot hide an allowed one.
        foreach (var (from, to) in KnownViolations) Assert.IsGreaterThan(LayerOf(from), LayerOf(to), $"{Name(from)} -> {Name(to)} is not upward");
    }

    [TestMethod]
    public void ReferencesInMethodBodiesAndLambdasAreSeen()
    {
        var found = TypeReferences.Of(typeof(Probe)).ToHashSet();
        Assert.Contains(typeof(StringBuilder), found, "a type created only inside a method body");
        Assert.Contains(typeof(Uri), found, "a type used only inside a lambda");
        Assert.Contains(typeof(Math), found, "a static call");
        Assert.DoesNotContain(typeof(Guid), found, "a type the probe never uses");
    }

    private static string Name(string folder) => folder.Length == 0 ? "(root)" : folder;

    private sealed class Probe
    {
        public int Length(string text) => new StringBuilder(text).Length;

        public Func<string, string> Host() => s => new Uri(s).Host;

        public double Root(double x) => Math.Sqrt(x);
    }
}
