using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Fusion.MlNet;
using DtSmdrl.Pipeline.Preprocessing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Tests.Fusion;

[TestClass]
public sealed class FusionTransformerEstimatorTests
{
    private static readonly string[] Outputs =
    [
        FusionColumns.PatientEmbedding, FusionColumns.TwinLatentMean, FusionColumns.TwinLatentSpread, FusionColumns.ResponseProbability,
        FusionColumns.ResponseProbabilityStd, FusionColumns.ToxicityProbability, FusionColumns.ToxicityProbabilityStd, FusionColumns.ModalityAttention,
    ];

    [TestMethod]
    public void SchemaCheckNamesMissingAndMistypedColumns()
    {
        var ml = new MLContext(1);
        var raw = FusionEstimatorTestData.Raw(ml);
        var featurised = ml.DtSmdrl().FeaturizePatient(includeNote: false).GetOutputSchema(FusionEstimatorTestData.ShapeOf(raw.Schema));
        var estimator = ml.DtSmdrl().FuseModalities(FusionEstimatorTestData.TinyOptions());
        var shape = estimator.GetOutputSchema(featurised);
        foreach (var name in Outputs)
            Assert.IsTrue(shape.Any(c => c.Name == name && c.Kind == SchemaShape.Column.VectorKind.Vector && c.ItemType == NumberDataViewType.Single), $"{name} in the output shape");

        // The raw view has no featurised blocks: the first modality column is named as missing.
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(FusionEstimatorTestData.ShapeOf(raw.Schema)));
        StringAssert.Contains(error.Message, "'ClinicalFeatures'");
        StringAssert.Contains(error.Message, "missing");

        // A mistyped label column: Labels as text.
        var options = FusionEstimatorTestData.TinyOptions() with { ResponseTargetColumn = "PatientId" };
        error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.DtSmdrl().FuseModalities(options).GetOutputSchema(featurised));
        StringAssert.Contains(error.Message, "'PatientId'");
        StringAssert.Contains(error.Message, "expected Vector<Single>");

        // At fit time sizes are known: a variable-length vector is refused, naming the column.
        var (_, data) = FusionEstimatorTestData.Featurised(ml);
        var variable = FusionEstimatorTestData.TinyOptions() with { Modalities = [new FusionInputModality("HeartRate", 4)] };
        error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.DtSmdrl().FuseModalities(variable).Fit(data));
        StringAssert.Contains(error.Message, "'HeartRate'");
        StringAssert.Contains(error.Message, "any length");

        // A mask slot beyond the mask is named too.
        var slot = FusionEstimatorTestData.TinyOptions() with { Modalities = [new FusionInputModality(PatientFeaturizer.LabFeatures, 9)] };
        error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.DtSmdrl().FuseModalities(slot).Fit(data));
        StringAssert.Contains(error.Message, "slot 9");
    }

    [TestMethod]
    public void TransformAddsColumnsWithTheDocumentedShapes()
    {
        var ml = new MLContext(2);
        var (_, data) = FusionEstimatorTestData.Featurised(ml);
        using var fusion = ml.DtSmdrl().FuseModalities(FusionEstimatorTestData.TinyOptions()).Fit(data);
        var output = fusion.Transform(data);
        var expected = new Dictionary<string, int>
        {
            [FusionColumns.PatientEmbedding] = 8, [FusionColumns.TwinLatentMean] = 16, [FusionColumns.TwinLatentSpread] = 16,
            [FusionColumns.ResponseProbability] = 5, [FusionColumns.ResponseProbabilityStd] = 5,
            [FusionColumns.ToxicityProbability] = 5, [FusionColumns.ToxicityProbabilityStd] = 5, [FusionColumns.ModalityAttention] = 6,
        };
        foreach (var (name, size) in expected)
            Assert.AreEqual(size, ((VectorDataViewType)output.Schema[name].Type).Size, name);
        Assert.AreEqual(20, ((VectorDataViewType)output.Schema[PatientFeaturizer.LabFeatures].Type).Size, "input columns pass through");

        var ids = output.GetColumn<string>("PatientId").ToArray();
        CollectionAssert.AreEqual(FusionEstimatorTestData.Patients.Select(p => p.Id).ToArray(), ids, "rows keep their order");
        var columns = FusionEstimatorTestData.Columns(output,
            [PatientFeaturizer.ModalityMask, FusionColumns.ModalityAttention, FusionColumns.ResponseProbability, FusionColumns.TwinLatentSpread]);
        var mask = columns[PatientFeaturizer.ModalityMask];
        var attention = columns[FusionColumns.ModalityAttention];
        var response = columns[FusionColumns.ResponseProbability];
        var spread = columns[FusionColumns.TwinLatentSpread];
        var predictions = fusion.Predict(data);
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.AreEqual(1.0, attention[i].Sum(), 1e-4, $"attention of row {i} sums to 1");
            for (var m = 0; m < 6; m++)
                if (mask[i][m] == 0) Assert.AreEqual(0f, attention[i][m], $"row {i}: absent modality {m} gets no attention");
            Assert.IsTrue(response[i].All(p => p is > 0 and < 1), $"row {i}: probabilities in (0, 1)");
            CollectionAssert.AreEqual(predictions[i].ResponseProbability, response[i], $"Transform and Predict agree on row {i}");
            for (var k = 0; k < 16; k++)
                Assert.IsTrue(spread[i][k] >= predictions[i].LatentSpread[k], "TwinLatentSpread adds the MC spread of the mean");
        }
        Assert.IsTrue(mask.Any(m => m.Take(6).Contains(0f)), "the test data has absent modalities");
        Assert.ThrowsExactly<NotSupportedException>(() => fusion.GetRowToRowMapper(data.Schema));
    }

    [TestMethod]
    public void MlNetSaveThrowsPointingToTheBundleApi()
    {
        var ml = new MLContext(3);
        var (featurizer, data) = FusionEstimatorTestData.Featurised(ml);
        using var fusion = ml.DtSmdrl().FuseModalities(FusionEstimatorTestData.TinyOptions() with { Model = FusionEstimatorTestData.TinyOptions().Model with { Epochs = 1 } }).Fit(data);
        using var stream = new MemoryStream();
        var error = Assert.Throws<Exception>(() => ml.Model.Save(fusion, data.Schema, stream));
        var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
        StringAssert.Contains(messages, "FusionPipeline.Save");
    }

    [TestMethod]
    public void FitIsDeterministicForASeed()
    {
        float[][] Run(long seed)
        {
            var ml = new MLContext(4);
            var (_, data) = FusionEstimatorTestData.Featurised(ml);
            using var fusion = ml.DtSmdrl().FuseModalities(FusionEstimatorTestData.TinyOptions(seed)).Fit(data);
            var output = fusion.Transform(data);
            var columns = FusionEstimatorTestData.Columns(output, [FusionColumns.ResponseProbability, FusionColumns.TwinLatentMean]);
            return columns[FusionColumns.ResponseProbability].Zip(columns[FusionColumns.TwinLatentMean], (a, b) => a.Concat(b).ToArray()).ToArray();
        }
        var first = Run(5);
        var second = Run(5);
        var other = Run(6);
        for (var i = 0; i < first.Length; i++)
            CollectionAssert.AreEqual(first[i], second[i], $"row {i}");
        Assert.IsTrue(first.Zip(other).Any(p => !p.First.SequenceEqual(p.Second)), "another seed gives other weights");
    }

    [TestMethod]
    public void BundleRoundTripInAFreshContextGivesIdenticalOutputs()
    {
        var ml = new MLContext(5);
        var raw = FusionEstimatorTestData.Raw(ml);
        // The whole pipeline through Append: featuriser (ML.NET) then fusion (TorchSharp).
        var options = FusionEstimatorTestData.TinyOptions() with { Model = FusionEstimatorTestData.TinyOptions().Model with { Epochs = 1 } };
        var chain = ml.DtSmdrl().FeaturizePatient(includeNote: false).Append(ml.DtSmdrl().FuseModalities(options)).Fit(raw);
        var records = FusionEstimatorTestData.Patients.Select(p => p.Observed).ToList();
        var inputSchema = PatientDataView.Create(ml, records).Schema;
        using var pipeline = FusionPipeline.FromChain(chain, inputSchema);
        var path = Path.Combine(Path.GetTempPath(), $"fusion-pipeline-{Guid.NewGuid():N}.zip");
        try
        {
            pipeline.Save(ml, path, trainingDataHash: "test");
            var fresh = new MLContext(99);
            using var loaded = FusionPipeline.Load(fresh, path);
            var before = FusionEstimatorTestData.Columns(pipeline.Transform(PatientDataView.Create(ml, records)), Outputs);
            var after = FusionEstimatorTestData.Columns(loaded.Transform(PatientDataView.Create(fresh, records)), Outputs);
            foreach (var name in Outputs)
            {
                var (a, b) = (before[name], after[name]);
                Assert.HasCount(records.Count, b);
                for (var i = 0; i < a.Count; i++)
                    CollectionAssert.AreEqual(a[i], b[i], $"{name} of row {i}");
            }
            Assert.AreEqual(pipeline.Fusion.Options.McPasses, loaded.Fusion.Options.McPasses);
            CollectionAssert.AreEqual(pipeline.Fusion.Options.Modalities.ToArray(), loaded.Fusion.Options.Modalities.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            yield return x;
    }
}
