using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Agent.MlNet;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation.Uncertainty;
using DtSmdrl.Pipeline.Preprocessing;
using DtSmdrl.Pipeline.Tests.Preprocessing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Tests.Agent;

[TestClass]
public sealed class MetaPpoEstimatorTests
{
    // Tiny budgets: these tests check the plumbing, not the policy's quality (that is the study's job).
    private static readonly MetaPpoEstimatorOptions Tiny = new()
    {
        Seed = 5,
        Agent = new DtSmdrlArmOptions
        {
            TwinsPerPatient = 2,
            ForecastSamples = 3,
            AdaptationUpdates = 1,
            Environment = new TwinEnvironmentOptions { Cycles = 4, FollowUpDay = 0 },
            Meta = new MetaPpoOptions
            {
                Iterations = 2, TasksPerIteration = 2, InnerUpdates = 1, NormalizerWarmupSteps = 4, EvaluationEpisodes = 1,
                Inner = new PpoOptions { NumSteps = 8, TotalSteps = 16, AnnealLearningRate = false, HiddenSize = 16, UseCostConstraint = true, CostMeasure = CostMeasure.Cvar },
            },
        },
    };

    private static (MLContext Ml, ITransformer Featurizer, IDataView Train, IDataView Test) Data()
    {
        var ml = new MLContext(seed: 1);
        var records = TestRecords.Records(14, 3);
        var train = PatientDataView.Create(ml, records.Take(8));
        var featurizer = ml.DtSmdrl().FeaturizePatient(includeNote: false).Fit(train);
        return (ml, featurizer, featurizer.Transform(train), featurizer.Transform(PatientDataView.Create(ml, records.Skip(8))));
    }

    private static List<(string Id, string[] Plan, float[] Probabilities, float Response, float[] Risk, float Confidence, float Value)> Read(IDataView view)
    {
        var rows = new List<(string, string[], float[], float, float[], float, float)>();
        var s = view.Schema;
        using var cursor = view.GetRowCursor(s);
        var id = cursor.GetGetter<ReadOnlyMemory<char>>(s["PatientId"]);
        var plan = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(s[MetaPpoColumns.RecommendedPlan]);
        var probabilities = cursor.GetGetter<VBuffer<float>>(s[MetaPpoColumns.ActionProbabilities]);
        var response = cursor.GetGetter<float>(s[MetaPpoColumns.PredictedResponseProbability]);
        var risk = cursor.GetGetter<VBuffer<float>>(s[MetaPpoColumns.ToxicityRisk]);
        var confidence = cursor.GetGetter<float>(s[MetaPpoColumns.Confidence]);
        var value = cursor.GetGetter<float>(s[MetaPpoColumns.ExpectedValue]);
        while (cursor.MoveNext())
        {
            ReadOnlyMemory<char> i = default; VBuffer<ReadOnlyMemory<char>> p = default; VBuffer<float> a = default, r = default;
            float resp = 0, conf = 0, val = 0;
            id(ref i); plan(ref p); probabilities(ref a); response(ref resp); risk(ref r); confidence(ref conf); value(ref val);
            rows.Add((i.ToString(), p.DenseValues().Select(t => t.ToString()).ToArray(), a.DenseValues().ToArray(), resp, r.DenseValues().ToArray(), conf, val));
        }
        return rows;
    }

    [TestMethod]
    public void TransformAddsTheRecommendationColumnsWithValidValues()
    {
        var (ml, _, train, test) = Data();
        var model = ml.DtSmdrl().MetaPpo(Tiny).Fit(train);
        var output = model.Transform(test);
        var actions = Tiny.Agent.Environment.Simulation.Actions;
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, actions.Count), output.Schema[MetaPpoColumns.ActionProbabilities].Type);
        var rows = Read(output);
        Assert.HasCount(6, rows);
        foreach (var row in rows)
        {
            Assert.HasCount(4, row.Plan);
            foreach (var name in row.Plan) Assert.IsGreaterThanOrEqualTo(0, actions.IndexOf(name), name);
            Assert.AreEqual(1.0, row.Probabilities.Sum(), 1e-4);
            Assert.IsTrue(row.Response is >= 0 and <= 1 && row.Confidence is > 0 and <= 1, $"response {row.Response}, confidence {row.Confidence}");
            Assert.IsTrue(row.Risk[1] is >= 0 and <= 1 && row.Risk[0] >= 0, $"risk {string.Join(",", row.Risk)}");
            Assert.IsTrue(float.IsFinite(row.Value));
        }
    }

    [TestMethod]
    public void SaveAndLoadReproduceTheRecommendationsAndFitIsDeterministic()
    {
        var (ml, featurizer, train, test) = Data();
        var model = ml.DtSmdrl().MetaPpo(Tiny).Fit(train);
        var again = ml.DtSmdrl().MetaPpo(Tiny).Fit(train);
        CollectionAssert.AreEqual(model.Initialization.Weights.Values.SelectMany(v => v).ToArray(), again.Initialization.Weights.Values.SelectMany(v => v).ToArray());

        var path = Path.Combine(Path.GetTempPath(), $"meta-ppo-{Guid.NewGuid():N}.zip");
        try
        {
            var records = TestRecords.Records(14, 3);
            var rawTest = PatientDataView.Create(ml, records.Skip(8));
            MetaPpoModelBundle.Save(path, ml, model, featurizer, PatientDataView.Create(ml, records.Take(1)).Schema);
            var fresh = new MLContext(seed: 99);
            var loaded = MetaPpoModelBundle.Load(path, fresh);
            var expected = Read(model.Transform(test));
            var actual = Read(loaded.Transform(PatientDataView.Create(fresh, records.Skip(8))));
            Assert.HasCount(expected.Count, actual);
            for (var i = 0; i < expected.Count; i++)
            {
                CollectionAssert.AreEqual(expected[i].Plan, actual[i].Plan);
                CollectionAssert.AreEqual(expected[i].Probabilities, actual[i].Probabilities);
                Assert.AreEqual(expected[i].Value, actual[i].Value);
                Assert.AreEqual(expected[i].Confidence, actual[i].Confidence);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ABundleKeepsTheStatedResponseCalibrationAndItsRecommendationsUseIt()
    {
        var (ml, featurizer, train, test) = Data();
        var model = ml.DtSmdrl().MetaPpo(Tiny).Fit(train);
        Assert.IsNull(model.ResponseCalibration, "the estimator's feature rows carry no retrospective courses");
        var calibration = new StatedResponseCalibration(new PlattScaling(0.5, -1.0), Samples: 16, Courses: 40, Responders: 9);
        var calibrated = new MetaPpoTransformer(model.Options, model.Initialization, model.TrainingDataHash) { ResponseCalibration = calibration };
        var path = Path.Combine(Path.GetTempPath(), $"meta-ppo-{Guid.NewGuid():N}.zip");
        try
        {
            MetaPpoModelBundle.Save(path, ml, calibrated);
            var loaded = MetaPpoModelBundle.Load(path, new MLContext(seed: 1)).Agent;
            Assert.AreEqual(calibration, loaded.ResponseCalibration);
            var raw = model.Recommend(test);
            var stated = loaded.Recommend(test);
            for (var i = 0; i < raw.Count; i++)
            {
                CollectionAssert.AreEqual(raw[i].Plan, stated[i].Plan, "calibration changes what is stated, not what is recommended");
                Assert.AreEqual(calibration.Apply(raw[i].ResponseProbability, model.Options.Agent.ForecastSamples), stated[i].ResponseProbability, 1e-12);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void RecommendationsDoNotDependOnRowOrder()
    {
        var (ml, featurizer, train, _) = Data();
        var model = ml.DtSmdrl().MetaPpo(Tiny).Fit(train);
        var records = TestRecords.Records(14, 3).Skip(8).ToList();
        var forward = Read(model.Transform(featurizer.Transform(PatientDataView.Create(ml, records)))).ToDictionary(r => r.Id);
        var backward = Read(model.Transform(featurizer.Transform(PatientDataView.Create(ml, Enumerable.Reverse(records)))));
        foreach (var row in backward)
        {
            CollectionAssert.AreEqual(forward[row.Id].Plan, row.Plan);
            Assert.AreEqual(forward[row.Id].Value, row.Value);
        }
    }

    [TestMethod]
    public void MissingOrMistypedInputColumnsAreNamed()
    {
        var (ml, _, train, _) = Data();
        var missing = Assert.ThrowsExactly<ArgumentException>(() => ml.DtSmdrl().MetaPpo(Tiny with { ContextColumn = "Embedding" }).Fit(train));
        StringAssert.Contains(missing.Message, "'Embedding'");
        var mistyped = Assert.ThrowsExactly<ArgumentException>(() => ml.DtSmdrl().MetaPpo(Tiny with { ContextColumn = "PatientId" }).Fit(train));
        StringAssert.Contains(mistyped.Message, "'PatientId'");
        var shape = Assert.ThrowsExactly<ArgumentException>(() => ml.DtSmdrl().MetaPpo(Tiny with { LesionsColumn = "Lesion" }).GetOutputSchema(SchemaShapes.Of(train.Schema)));
        StringAssert.Contains(shape.Message, "'Lesion'");
    }

    [TestMethod]
    public void EstimatorOutputShapeListsTheAddedColumns()
    {
        var (ml, _, train, _) = Data();
        var shape = ml.DtSmdrl().MetaPpo(Tiny).GetOutputSchema(SchemaShapes.Of(train.Schema));
        foreach (var name in MetaPpoColumns.All)
            Assert.IsTrue(shape.Any(c => c.Name == name), name);
    }
}

[TestClass]
public sealed class PatientRowFusionPriorTests
{
    [TestMethod]
    public void TwinsFollowTheFusionHeadsLatentPriorWhenTheRowHasOne()
    {
        // Latent 1 is the doubling time: a long one (z = +2) must give slower growth G than a short one (z = -2).
        PatientRow Row(float doublingZ)
        {
            var mean = new float[Pipeline.Twin.Prior.TwinPrior.LatentDimension];
            mean[1] = doublingZ;
            var spread = Enumerable.Repeat(0.05f, mean.Length).ToArray();
            return new PatientRow("p", [0f], EgfrMutant: false, Pdl1Tps: 10, Tmb: 5, AgeYears: 60, Ecog: 1, LesionsMm: [30.0]) { FusionLatent = (mean, spread) };
        }
        var prior = new Pipeline.Twin.Prior.TwinPrior();
        var slow = Row(2f).ToTwins(prior, 16, new Random(1)).Twins;
        var fast = Row(-2f).ToTwins(prior, 16, new Random(1)).Twins;
        Assert.IsLessThan(fast.Min(t => t.G), slow.Max(t => t.G));
        var plain = (Row(0f) with { FusionLatent = null }).ToTwins(prior, 16, new Random(1)).Twins;
        Assert.IsGreaterThan(slow.Select(t => t.G).Max() - slow.Select(t => t.G).Min(), plain.Select(t => t.G).Max() - plain.Select(t => t.G).Min(), "the fusion prior's small spread must narrow the twins");
    }
}
