using DtSmdrl.Pipeline.Baselines.Supervised;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Evaluation.Uncertainty;
using DtSmdrl.Pipeline.Preprocessing;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Tests.Baselines.Supervised;

[TestClass]
public sealed class SupervisedBaselineTests
{
    private static readonly string[] ThreeRegimens = ["chemo_full", "targeted", "immuno"];

    // Small sweep for speed: one linear and one tree candidate, 2 folds, no note (the featuriser tests cover it).
    private static readonly SupervisedBaselineOptions Fast = new()
    {
        Folds = 2,
        MinimumPerClass = 3,
        Candidates = [TrainerCandidate.LbfgsLogistic(1f), TrainerCandidate.LightGbm(4, 20)],
        Featurizer = new PatientFeaturizerOptions { IncludeNote = false },
    };

    private static string TempFile() => Path.Combine(Path.GetTempPath(), "dtsmdrl-supervised-" + Guid.NewGuid().ToString("N") + ".zip");

    [TestMethod]
    public void SaveAndLoadGiveIdenticalPredictionsAndKeepTheManifest()
    {
        var train = PlantedCohort.Create(150, 1, CohortSplit.Train, ThreeRegimens);
        var validation = PlantedCohort.Create(60, 2, CohortSplit.Validation, ThreeRegimens);
        var test = PlantedCohort.Create(40, 3, CohortSplit.Test, ThreeRegimens);
        // With the note featuriser, so that the text dictionary goes through the round trip too.
        var model = SupervisedBaselineTrainer.Train(PlantedCohort.Data(train, validation), 7, Fast with { Featurizer = new PatientFeaturizerOptions() });
        CollectionAssert.AreEqual(new[] { "chemo_full", "targeted", "immuno" }, model.Regimens.ToArray());

        var path = TempFile();
        try
        {
            model.Save(path);
            var loaded = SupervisedBaselineModel.Load(path);
            var records = test.Select(p => p.Study.Observed).ToList();
            var before = model.Predict(records);
            var after = loaded.Predict(records);
            Assert.AreEqual(before.Count, after.Count);
            for (var i = 0; i < before.Count; i++)
            {
                Assert.AreEqual(before[i].ChosenRegimen, after[i].ChosenRegimen);
                CollectionAssert.AreEqual(before[i].Regimens.ToArray(), after[i].Regimens.ToArray(), $"patient {i}");
            }
            Assert.AreEqual(SupervisedBaselineModel.BundleKind, loaded.Manifest.Kind);
            Assert.AreEqual(7L, loaded.Manifest.Seed);
            Assert.AreEqual(SupervisedBaselineTrainer.TrainingDataHash(PlantedCohort.Data(train, validation)), loaded.Manifest.TrainingDataHash);
            Assert.IsTrue(loaded.Manifest.PackageVersions.ContainsKey("Microsoft.ML.LightGbm"));
            Assert.IsNotNull(loaded.Manifest.Metrics["cells"]);

            // The planted rules: EGFR-mutant patients are predicted to respond better to targeted than wild-type ones.
            var targeted = before.Select(p => p.Regimens.Single(r => r.Regimen == "targeted").ResponseProbability).ToList();
            var mutant = test.Select((p, i) => (p, i)).Where(x => x.p.Study.Observed.Omics!.SomaticMutations["EGFR"]).Select(x => targeted[x.i]).Average();
            var wild = test.Select((p, i) => (p, i)).Where(x => !x.p.Study.Observed.Omics!.SomaticMutations["EGFR"]).Select(x => targeted[x.i]).Average();
            Assert.IsTrue(mutant > wild + 0.3, $"targeted response: mutant {mutant:F2}, wild-type {wild:F2}");

            using var csv = new StringWriter();
            PredictionCsv.Write(csv, before);
            var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.AreEqual(PredictionCsv.Header, lines[0].TrimEnd('\r'));
            Assert.AreEqual(1 + 3 * test.Count, lines.Length);
            Assert.AreEqual(test.Count, lines.Skip(1).Count(l => l.TrimEnd('\r').EndsWith(",1", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void FeaturizerIsFittedOnTheTrainingSplitOnly()
    {
        var train = PlantedCohort.Create(120, 4, CohortSplit.Train, ["chemo_full"]);
        var validation = PlantedCohort.Create(40, 5, CohortSplit.Validation, ["chemo_full"]);
        // The same validation patients with wildly different labs and expression.
        var shifted = validation.Select(p => p with
        {
            Study = p.Study with
            {
                Observed = p.Study.Observed with
                {
                    Labs = p.Study.Observed.Labs! with { Anc10e9PerL = 100, LdhUPerL = 9000 },
                    Omics = p.Study.Observed.Omics! with { ExpressionLog2Tpm = new Dictionary<string, double> { ["MKI67"] = 30 } },
                },
            },
        }).ToList();
        var options = Fast with { Candidates = [TrainerCandidate.LbfgsLogistic(1f)] };
        var a = SupervisedBaselineTrainer.Train(PlantedCohort.Data(train, validation), 1, options);
        var b = SupervisedBaselineTrainer.Train(PlantedCohort.Data(train, shifted), 1, options);

        var ml = new MLContext(1);
        var probe = PatientDataView.Create(ml, train.Take(5).Select(p => p.Study.Observed));
        var fa = a.Featurizer.Transform(probe).GetColumn<float[]>(PatientFeaturizer.Features).ToList();
        var fb = b.Featurizer.Transform(probe).GetColumn<float[]>(PatientFeaturizer.Features).ToList();
        for (var i = 0; i < fa.Count; i++) CollectionAssert.AreEqual(fa[i], fb[i], $"probe {i}");
    }

    [TestMethod]
    public void SweepPrefersTheGoodModelOverACrippledOne()
    {
        var ml = new MLContext(3);
        var rng = new Random(3);
        // Known answer: the label follows a logistic model of the first two features.
        var features = new List<float[]>();
        var labels = new List<bool>();
        for (var i = 0; i < 300; i++)
        {
            var x = Enumerable.Range(0, 6).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
            features.Add(x);
            labels.Add(rng.NextDouble() < PlantedCohort.Sigmoid(2 * x[0] - 1.5 * x[1]));
        }
        var crippled = TrainerCandidate.LightGbm(2, 1, minLeaf: 100, learningRate: 0.01) with { Name = "crippled" };
        var good = TrainerCandidate.LbfgsLogistic(0.1f);
        var result = CrossValidationSweep.Run(ml, new FeatureTable(features, labels), [crippled, good], 5, 3);
        Assert.AreEqual(good.Name, result.Chosen.Name);
        var c = result.Scores.Single(s => s.Candidate == "crippled");
        Assert.IsTrue(result.ChosenScore.Auc > 0.8 && result.ChosenScore.Auc > c.Auc + 0.1, $"good AUC {result.ChosenScore.Auc:F3}, crippled {c.Auc:F3}");
        Assert.IsTrue(result.ChosenScore.Brier < c.Brier - 0.05, $"good Brier {result.ChosenScore.Brier:F3}, crippled {c.Brier:F3}");
        Assert.IsTrue(result.BeatsBaseRate);

        // Labels that ignore the features: no trainer beats the rate.
        var noise = features.Select(_ => rng.NextDouble() < 0.3).ToList();
        var none = CrossValidationSweep.Run(ml, new FeatureTable(features, noise), [good], 5, 3);
        Assert.IsFalse(none.BeatsBaseRate, $"noise: trainer Brier {none.ChosenScore.Brier:F4}, rate {none.BaseRate.Brier:F4}");
    }

    [TestMethod]
    public void PlattCalibrationOnHeldOutDataFixesAMiscalibratedModel()
    {
        var rng = new Random(9);
        (List<double> Raw, List<bool> Outcome) Draw(int n)
        {
            var raw = new List<double>();
            var outcome = new List<bool>();
            for (var i = 0; i < n; i++)
            {
                var z = 3 * rng.NextDouble() - 1.5;
                outcome.Add(rng.NextDouble() < PlantedCohort.Sigmoid(z));
                raw.Add(PlantedCohort.Sigmoid(3 * z + 1)); // overconfident and shifted
            }
            return (raw, outcome);
        }
        var validation = Draw(1500);
        var test = Draw(1500);
        var platt = PlattScaling.Fit(validation.Raw, validation.Outcome);
        var before = Calibration.ExpectedCalibrationError(Calibration.ReliabilityDiagram(test.Raw, test.Outcome));
        var after = Calibration.ExpectedCalibrationError(Calibration.ReliabilityDiagram(test.Raw.Select(platt.Apply).ToList(), test.Outcome));
        Assert.IsTrue(before > 0.1, $"raw ECE {before:F3}");
        Assert.IsTrue(after < 0.05, $"calibrated ECE {after:F3}, A {platt.A:F3}, B {platt.B:F3}");
        Assert.AreEqual(1 / 3.0, platt.A, 0.08);
    }

    [TestMethod]
    public void TrainedModelIsCalibratedOnHeldOutPatients()
    {
        // A strongly shrunk logistic regression is underconfident; Platt on the validation split repairs it.
        var options = Fast with { Folds = 2, Candidates = [TrainerCandidate.LbfgsLogistic(300f)] };
        var train = PlantedCohort.Create(200, 21, CohortSplit.Train, ["chemo_full"]);
        var validation = PlantedCohort.Create(400, 22, CohortSplit.Validation, ["chemo_full"]);
        var test = PlantedCohort.Create(800, 23, CohortSplit.Test, ["chemo_full"]);
        var model = SupervisedBaselineTrainer.Train(PlantedCohort.Data(train, validation), 2, options);
        var response = model["chemo_full", Outcomes.Response];
        Assert.AreEqual(OutcomeModelState.Classifier, response.State.Kind);
        Assert.AreEqual(400, response.State.CalibrationPatients);

        var calibrated = model.Predict(test.Select(p => p.Study.Observed)).Select(p => p.Chosen.ResponseProbability).ToList();
        var outcomes = test.Select(p => p.Course.ObjectiveResponse).ToList();
        var ml = new MLContext(1);
        var features = SupervisedBaselineModel.ExtractFeatures(model.Featurizer.Transform(PatientDataView.Create(ml, test.Select(p => p.Study.Observed))), model.State.FeatureSize);
        var raw = response.PredictUncalibrated(FeatureTable.ToDataView(ml, features, model.State.FeatureSize), test.Count);
        var eceCalibrated = Calibration.ExpectedCalibrationError(Calibration.ReliabilityDiagram(calibrated, outcomes));
        var eceRaw = Calibration.ExpectedCalibrationError(Calibration.ReliabilityDiagram(raw, outcomes));
        Assert.IsTrue(eceCalibrated < 0.07, $"calibrated ECE {eceCalibrated:F3} (raw {eceRaw:F3})");
        Assert.IsTrue(eceRaw > 0.07, $"raw ECE {eceRaw:F3} should fail the bound");
    }

    private sealed class BadPatients
    {
        public string PatientId { get; set; } = "";

        [VectorType(4)]
        public string[] Clinical { get; set; } = ["", "", "", ""];
    }

    [TestMethod]
    public void PredictRefusesABadColumnNamingIt()
    {
        var train = PlantedCohort.Create(100, 31, CohortSplit.Train, ["chemo_full"]);
        var model = SupervisedBaselineTrainer.Train(PlantedCohort.Data(train, []), 1, Fast with { Candidates = [TrainerCandidate.LbfgsLogistic(1f)] });
        var ml = new MLContext(1);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Predict(ml.Data.LoadFromEnumerable([new BadPatients()])));
        StringAssert.Contains(error.Message, "'Clinical'");
        StringAssert.Contains(error.Message, "Vector<String, 4>");
    }

    [TestMethod]
    public void SmallRegimensAreNotModelledAndRareOutcomesFallBackToTheRate()
    {
        var train = PlantedCohort.Create(140, 41, CohortSplit.Train, ["chemo_full", "chemo_full", "chemo_full", "targeted"]);
        var options = Fast with { Candidates = [TrainerCandidate.LbfgsLogistic(1f)], MinimumPatientsPerRegimen = 60 };
        var model = SupervisedBaselineTrainer.Train(PlantedCohort.Data(train, []), 1, options with { MinimumPerClass = 5 });
        CollectionAssert.AreEqual(new[] { "chemo_full" }, model.Regimens.ToArray(), "targeted has about 35 patients, below 60");

        // targeted toxicity is 8%: with 40 patients fewer than 5 events are likely; force it with a high minimum.
        var rare = SupervisedBaselineTrainer.Train(PlantedCohort.Data(train, []), 1, options with { MinimumPatientsPerRegimen = 30, MinimumPerClass = 15 });
        var tox = rare["targeted", Outcomes.SevereToxicity];
        Assert.AreEqual(OutcomeModelState.BaseRateKind, tox.State.Kind);
        Assert.AreEqual((tox.State.TrainingEvents + 1.0) / (tox.State.TrainingPatients + 2.0), tox.State.BaseRate, 1e-12);
    }

    [TestMethod]
    public void RegimenIsRecommendedOnlyToBiomarkerGroupsThatReceivedIt()
    {
        // Confounded history: only EGFR-mutant patients ever received the kinase inhibitor.
        static List<PlantedCohort.Patient> Confound(List<PlantedCohort.Patient> patients) => patients.Select(p =>
            p.Course.FirstRegimen == "targeted" && p.Study.Biomarkers.Group != DtSmdrl.Pipeline.Baselines.GuidelineGroup.EgfrMutant
                ? p with { Course = p.Course with { FirstRegimen = "chemo_full" } } : p).ToList();
        var train = Confound(PlantedCohort.Create(150, 61, CohortSplit.Train, ["chemo_full", "targeted"]));
        var test = PlantedCohort.Create(60, 62, CohortSplit.Test, ["chemo_full"]);
        var options = Fast with { Candidates = [TrainerCandidate.LbfgsLogistic(1f)], MinimumPatientsPerRegimen = 15 };
        var model = SupervisedBaselineTrainer.Train(PlantedCohort.Data(train, []), 1, options);
        CollectionAssert.AreEqual(new[] { "chemo_full", "targeted" }, model.Regimens.ToArray());
        var predictions = model.Predict(test.Select(p => p.Study.Observed));
        var wild = predictions.Zip(test).Where(x => x.Second.Study.Biomarkers.Group != DtSmdrl.Pipeline.Baselines.GuidelineGroup.EgfrMutant).ToList();
        Assert.IsTrue(wild.Count > 20);
        Assert.IsTrue(wild.All(x => x.First.ChosenRegimen != "targeted" && !x.First.Regimens.Single(r => r.Regimen == "targeted").Supported));
        var mutant = predictions.Zip(test).Where(x => x.Second.Study.Biomarkers.Group == DtSmdrl.Pipeline.Baselines.GuidelineGroup.EgfrMutant).ToList();
        Assert.IsTrue(mutant.All(x => x.First.Regimens.All(r => r.Supported)));

        var unrestricted = SupervisedBaselineTrainer.Train(PlantedCohort.Data(train, []), 1, options with { MinimumGroupSupport = 0 });
        Assert.IsTrue(unrestricted.Predict(test.Select(p => p.Study.Observed)).All(p => p.Regimens.All(r => r.Supported)));
    }

    [TestMethod]
    public void MethodRecommendsModelledRegimensAndStatesTheirResponseProbability()
    {
        var train = PlantedCohort.Create(150, 51, CohortSplit.Train, ThreeRegimens);
        var validation = PlantedCohort.Create(60, 52, CohortSplit.Validation, ThreeRegimens);
        var test = PlantedCohort.Create(30, 53, CohortSplit.Test, ThreeRegimens);
        var method = new SupervisedBaselineMethod(ActionSet.NsclcDefault, Fast);
        Assert.AreEqual("Supervised Model", method.Name);
        Assert.IsTrue(method.IsLearned);
        method.Fit(PlantedCohort.Data(train, validation), 3);
        var plan = method.Prepare(test.Select(p => p.Study).ToList());
        Assert.AreEqual(test.Count, plan.StatedResponseProbability.Length);
        Assert.IsTrue(plan.StatedResponseProbability.All(p => p is > 0 and < 1), string.Join(",", plan.StatedResponseProbability));
        var predictions = method.Model!.Predict(test.Select(p => p.Study.Observed));
        Assert.IsTrue(predictions.All(p => ThreeRegimens.Contains(p.ChosenRegimen)));
        Assert.IsTrue(predictions.All(p => p.Chosen.Supported && p.Chosen.BenefitRisk == p.Regimens.Where(r => r.Supported).Max(r => r.BenefitRisk)));
        CollectionAssert.AreEqual(predictions.Select(p => p.Chosen.ResponseProbability).ToArray(), plan.StatedResponseProbability);

        // Seeds are honoured: the same seed gives the same model, another seed may differ but still works.
        var again = new SupervisedBaselineMethod(ActionSet.NsclcDefault, Fast);
        again.Fit(PlantedCohort.Data(train, validation), 3);
        CollectionAssert.AreEqual(plan.StatedResponseProbability, again.Prepare(test.Select(p => p.Study).ToList()).StatedResponseProbability);
    }
}
