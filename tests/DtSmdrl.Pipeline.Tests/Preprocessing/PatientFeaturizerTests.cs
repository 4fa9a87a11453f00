using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Preprocessing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Tests.Preprocessing;

[TestClass]
public sealed class PatientFeaturizerTests
{
    private static readonly string[] Blocks =
    [
        PatientFeaturizer.ClinicalFeatures, PatientFeaturizer.LabFeatures, PatientFeaturizer.OmicsFeatures, PatientFeaturizer.ImagingFeatures,
        PatientFeaturizer.SignalFeatures, PatientFeaturizer.HistoryFeatures, PatientFeaturizer.NoteFeatures, PatientFeaturizer.ModalityMask,
    ];

    [TestMethod]
    [DataRow(NormalizationKind.MeanVariance)]
    [DataRow(NormalizationKind.Robust)]
    public void OutputHasEveryBlockWithoutMissingValues(NormalizationKind normalization)
    {
        var ml = new MLContext(1);
        var data = PatientDataView.Create(ml, TestRecords.Records(80, 11));
        var output = ml.DtSmdrl().FeaturizePatient(normalization).Fit(data).Transform(data);

        var total = 0;
        foreach (var block in Blocks)
        {
            var type = (VectorDataViewType)output.Schema[block].Type;
            Assert.IsTrue(type.IsKnownSize && type.Size > 0, $"{block} has size {type.Size}");
            total += type.Size;
        }
        Assert.AreEqual(20, ((VectorDataViewType)output.Schema[PatientFeaturizer.LabFeatures].Type).Size);
        Assert.AreEqual(32, ((VectorDataViewType)output.Schema[PatientFeaturizer.SignalFeatures].Type).Size);
        Assert.AreEqual(total, ((VectorDataViewType)output.Schema[PatientFeaturizer.Features].Type).Size);
        var features = output.GetColumn<float[]>(PatientFeaturizer.Features).ToList();
        Assert.AreEqual(80, features.Count);
        var nanSlots = Enumerable.Range(0, total).Where(j => features.Any(f => float.IsNaN(f[j]))).ToList();
        Assert.AreEqual(0, nanSlots.Count, "NaN in Features slots " + string.Join(",", nanSlots));
        // Signals are missing for some patients: their indicators are 1, their mask slot 0.
        var mask = output.GetColumn<float[]>(PatientFeaturizer.ModalityMask).ToList();
        var signal = output.GetColumn<float[]>(PatientFeaturizer.SignalFeatures).ToList();
        var without = Enumerable.Range(0, 80).Where(i => mask[i][4] == 0).ToList();
        Assert.IsTrue(without.Count > 0);
        Assert.IsTrue(without.All(i => signal[i][16] == 1f), "heart-rate level indicator must be set when signals are missing");
    }

    [TestMethod]
    public void SavedPipelineLoadsInAFreshContextWithIdenticalOutput()
    {
        var ml = new MLContext(2);
        var records = TestRecords.Records(80, 12);
        var data = PatientDataView.Create(ml, records);
        var model = ml.DtSmdrl().FeaturizePatient().Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);

        var fresh = new MLContext(3);
        DtSmdrlCatalog.RegisterComponents(fresh);
        stream.Position = 0;
        var loaded = fresh.Model.Load(stream, out var inputSchema);
        Assert.IsNotNull(inputSchema.GetColumnOrNull("Labs"));
        var expected = model.Transform(data).GetColumn<float[]>(PatientFeaturizer.Features).ToList();
        var actual = loaded.Transform(PatientDataView.Create(fresh, records)).GetColumn<float[]>(PatientFeaturizer.Features).ToList();
        Assert.AreEqual(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++) CollectionAssert.AreEqual(expected[i], actual[i], $"patient {i}");
    }

    [TestMethod]
    public void NormaliserUsesOnlyTheDataItIsFittedOn()
    {
        var ml = new MLContext(4);
        var train = TestRecords.Records(60, 13);
        var test = train.Select(r => r with { PatientId = r.PatientId + "-t", Labs = r.Labs is null ? null : r.Labs with { LdhUPerL = 5000 } }).ToList();
        var probe = train.First(r => r.Labs?.LdhUPerL is not null);

        // Expected from the training data alone: (x - mean) / sd over the non-missing LDH values, missing ones imputed by the mean.
        var ldh = train.Select(r => r.Labs?.LdhUPerL).Where(v => v is not null).Select(v => (double)(float)v!.Value).ToList();
        var mean = ldh.Average();
        var sd = Math.Sqrt(train.Select(r => r.Labs?.LdhUPerL is { } v ? (float)v : (float)mean).Sum(v => (v - mean) * (v - mean)) / train.Count); // ML.NET uses the population variance
        var expected = ((float)probe.Labs!.LdhUPerL!.Value - mean) / sd;

        var fitted = ml.DtSmdrl().FeaturizeLabs().Fit(PatientDataView.Create(ml, train));
        var probeOut = fitted.Transform(PatientDataView.Create(ml, [probe])).GetColumn<float[]>(PatientFeaturizer.LabFeatures).Single()[8];
        Assert.AreEqual(expected, probeOut, 1e-3 * Math.Max(1, Math.Abs(expected)));
        // Transforming the test split through the fitted pipeline leaves it unchanged...
        fitted.Transform(PatientDataView.Create(ml, test)).GetColumn<float[]>(PatientFeaturizer.LabFeatures).ToList();
        var again = fitted.Transform(PatientDataView.Create(ml, [probe])).GetColumn<float[]>(PatientFeaturizer.LabFeatures).Single()[8];
        Assert.AreEqual(probeOut, again);
        // ...while fitting on train + test would have changed it (so this test can fail).
        var leaky = ml.DtSmdrl().FeaturizeLabs().Fit(PatientDataView.Create(ml, [.. train, .. test]))
            .Transform(PatientDataView.Create(ml, [probe])).GetColumn<float[]>(PatientFeaturizer.LabFeatures).Single()[8];
        Assert.IsTrue(Math.Abs(leaky - probeOut) > 0.05, $"leaky {leaky} vs {probeOut}");
    }

    private sealed class WrongLabs
    {
        [VectorType(10)]
        public double[] Labs { get; set; } = new double[10];
    }

    private sealed class NoLabs
    {
        public float Age { get; set; }
    }

    // SchemaShape.Create is internal to ML.NET; estimators receive shapes from chains, tests build them by reflection.
    private static SchemaShape ShapeOf(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public, [typeof(DataViewSchema)])!
            .Invoke(null, [schema])!;

    [TestMethod]
    public void MistypedOrMissingColumnFailsNamingIt()
    {
        var ml = new MLContext(5);
        var wrong = ml.Data.LoadFromEnumerable([new WrongLabs()]);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.DtSmdrl().FeaturizeLabs().Fit(wrong));
        StringAssert.Contains(error.Message, "'Labs'");
        StringAssert.Contains(error.Message, "Vector<Single, 10>");
        StringAssert.Contains(error.Message, "Vector<Double, 10>");

        var missing = ml.Data.LoadFromEnumerable([new NoLabs()]);
        error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.DtSmdrl().FeaturizePatient().GetOutputSchema(ShapeOf(missing.Schema)));
        StringAssert.Contains(error.Message, "missing");
        StringAssert.Contains(error.Message, "'Clinical'");
        error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.DtSmdrl().FeaturizeLabs().GetOutputSchema(ShapeOf(wrong.Schema)));
        StringAssert.Contains(error.Message, "'Labs'");
        StringAssert.Contains(error.Message, "Vector<Double>");
    }

    [TestMethod]
    public void ModalityBlocksComposeWithAppend()
    {
        var ml = new MLContext(6);
        var data = PatientDataView.Create(ml, TestRecords.Records(40, 14));
        var pipeline = ml.DtSmdrl().FeaturizeLabs()
            .Append(ml.DtSmdrl().FeaturizeOmics())
            .Append(ml.Transforms.Concatenate("LabsAndOmics", PatientFeaturizer.LabFeatures, PatientFeaturizer.OmicsFeatures));
        var output = pipeline.Fit(data).Transform(data);
        Assert.AreEqual(70, ((VectorDataViewType)output.Schema["LabsAndOmics"].Type).Size);
    }
}
