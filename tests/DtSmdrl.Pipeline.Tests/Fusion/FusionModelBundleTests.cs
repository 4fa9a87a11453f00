using DtSmdrl.Pipeline.Fusion;

namespace DtSmdrl.Pipeline.Tests.Fusion;

[TestClass]
public sealed class FusionModelBundleTests
{
    [TestMethod]
    public void SaveLoadRoundTripGivesIdenticalOutputs()
    {
        var data = FusionSyntheticCohort.Generate(64, seed: 61);
        var result = FusionTrainer.Train(FusionSyntheticCohort.Specs, FusionTestData.Tiny() with { Epochs = 1 }, data, []);
        using var model = result.Model;
        var path = Path.Combine(Path.GetTempPath(), $"fusion-{Guid.NewGuid():N}.zip");
        try
        {
            FusionModelBundle.Save(path, model, trainingDataHash: "test");
            using var loaded = FusionModelBundle.Load(path);
            Assert.AreEqual(model.Architecture.LatentCount, loaded.Architecture.LatentCount);
            CollectionAssert.AreEqual(model.Architecture.Modalities.ToArray(), loaded.Architecture.Modalities.ToArray());
            Assert.AreEqual(model.Options, loaded.Options);
            FusionTestData.AssertSame(FusionPredictor.Predict(model, data, 0), FusionPredictor.Predict(loaded, data, 0));
            FusionTestData.AssertSame(FusionPredictor.Predict(model, data, 4, mcSeed: 9), FusionPredictor.Predict(loaded, data, 4, mcSeed: 9));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
