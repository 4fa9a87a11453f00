using System.IO.Compression;
using System.Text;
using DtSmdrl.Pipeline.Provenance;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DtSmdrl.Pipeline.Tests.Provenance;

[TestClass]
public sealed class ModelBundleTests
{
    private sealed class Row
    {
        public float X { get; set; }
        public float Y { get; set; }
    }

    private static string TempFile() => Path.Combine(Path.GetTempPath(), "dtsmdrl-bundle-" + Guid.NewGuid().ToString("N") + ".zip");

    [TestMethod]
    public void RoundTripKeepsManifestEntriesAndMlNetPredictions()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 50).Select(i => new Row { X = i, Y = 3 * i + 1 }));
        var model = ml.Transforms.NormalizeMeanVariance("X").Fit(data);
        var path = TempFile();
        try
        {
            var manifest = new BundleManifest { Kind = "test", TrainingDataHash = ContentHash.OfBytes("abc"u8), Seed = 5 };
            ModelBundle.Save(path, manifest, new Dictionary<string, Action<Stream>>
            {
                [ModelBundle.MlNetEntry] = ModelBundle.MlNet(ml, model, data.Schema),
                ["weights.bin"] = s => s.Write([1, 2, 3]),
            });

            using var reader = ModelBundle.Open(path);
            Assert.AreEqual("test", reader.Manifest.Kind);
            Assert.AreEqual(5L, reader.Manifest.Seed);
            CollectionAssert.AreEqual(new[] { ModelBundle.MlNetEntry, "weights.bin" }, reader.Manifest.Entries.ToArray());
            CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, reader.ReadEntry("weights.bin").ToArray());
            var loaded = reader.LoadMlNet(new MLContext(2), out _);
            var expected = model.Transform(data).GetColumn<float>("X").ToArray();
            var actual = loaded.Transform(data).GetColumn<float>("X").ToArray();
            CollectionAssert.AreEqual(expected, actual);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void NewerFormatIsRefusedWithAClearMessage()
    {
        var path = TempFile();
        try
        {
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            using (var stream = zip.CreateEntry(ModelBundle.ManifestEntry).Open())
                stream.Write(Encoding.UTF8.GetBytes("""{"format_version": 99, "kind": "x", "training_data_hash": "h", "seed": 1}"""));
            var error = Assert.ThrowsExactly<InvalidDataException>(() => ModelBundle.Open(path));
            StringAssert.Contains(error.Message, "bundle format 99");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void MissingEntryNamesTheEntryAndTheBundle()
    {
        var path = TempFile();
        try
        {
            ModelBundle.Save(path, new BundleManifest { Kind = "k", TrainingDataHash = "h", Seed = 1 }, new Dictionary<string, Action<Stream>>());
            using var reader = ModelBundle.Open(path);
            var error = Assert.ThrowsExactly<InvalidDataException>(() => reader.ReadEntry("policy.bin"));
            StringAssert.Contains(error.Message, "policy.bin");
            StringAssert.Contains(error.Message, path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void BuildInfoNamesTheCommitAndPackages()
    {
        Assert.AreEqual(40, BuildInfo.GitCommit.Length, BuildInfo.GitCommit);
        Assert.AreEqual("5.0.1", BuildInfo.PackageVersions["Microsoft.ML"]);
    }
}
