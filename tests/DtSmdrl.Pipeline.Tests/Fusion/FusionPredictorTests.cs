using DtSmdrl.Pipeline.Fusion;
using DtSmdrl.Pipeline.Torch;

namespace DtSmdrl.Pipeline.Tests.Fusion;

[TestClass]
public sealed class FusionPredictorTests
{
    [TestMethod]
    public void McDropoutSpreadIsZeroWithoutDropoutAndPositiveWithIt()
    {
        var data = FusionSyntheticCohort.Generate(20, seed: 51);
        TorchSetup.Configure(1, 1);
        using (var deterministic = new FusionTransformerModel(FusionTestData.Architecture, FusionTestData.Tiny() with { Dropout = 0 }))
        {
            var predictions = FusionPredictor.Predict(deterministic, data, 5, mcSeed: 1);
            var noMc = FusionPredictor.Predict(deterministic, data, 0);
            foreach (var p in predictions)
                Assert.IsTrue(p.LatentMeanStd.Concat(p.LatentSpreadStd).Concat(p.ResponseProbabilityStd).Concat(p.ToxicityProbabilityStd).All(s => s == 0f));
            // The MC mean of identical passes equals the deterministic value up to float rounding of the mean.
            for (var i = 0; i < data.Length; i++)
                for (var r = 0; r < noMc[i].ResponseProbability.Length; r++)
                    Assert.AreEqual(noMc[i].ResponseProbability[r], predictions[i].ResponseProbability[r], 1e-6f);
        }
        TorchSetup.Configure(1, 1);
        using var stochastic = new FusionTransformerModel(FusionTestData.Architecture, FusionTestData.Tiny() with { Dropout = 0.2 });
        stochastic.eval();
        var spread = FusionPredictor.Predict(stochastic, data, 5, mcSeed: 1);
        foreach (var p in spread)
        {
            Assert.IsTrue(p.ResponseProbabilityStd.All(s => s > 0f), "every response probability varies across passes");
            Assert.IsTrue(p.LatentMeanStd.All(s => s > 0f));
        }
        Assert.IsFalse(stochastic.training, "prediction restores the eval mode it found after the MC passes");
    }
}
