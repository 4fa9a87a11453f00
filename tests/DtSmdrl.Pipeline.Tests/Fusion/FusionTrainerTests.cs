using DtSmdrl.Pipeline.Fusion;
using DtSmdrl.Pipeline.Torch;
using TorchSharp;

namespace DtSmdrl.Pipeline.Tests.Fusion;

[TestClass]
public sealed class FusionTrainerTests
{
    [TestMethod]
    public void TrainingIsDeterministicForASeed()
    {
        var train = FusionSyntheticCohort.Generate(128, seed: 11);
        var validation = FusionSyntheticCohort.Generate(32, seed: 12);
        var options = FusionTestData.Tiny() with { Epochs = 2 };
        var first = FusionTrainer.Train(FusionSyntheticCohort.Specs, options, train, validation);
        var second = FusionTrainer.Train(FusionSyntheticCohort.Specs, options, train, validation);
        using (first.Model)
        using (second.Model)
        {
            CollectionAssert.AreEqual(first.Epochs.Select(e => e.TrainLoss).ToArray(), second.Epochs.Select(e => e.TrainLoss).ToArray());
            CollectionAssert.AreEqual(first.Epochs.Select(e => e.ValidationLoss).ToArray(), second.Epochs.Select(e => e.ValidationLoss).ToArray());
            FusionTestData.AssertSame(FusionPredictor.Predict(first.Model, validation, 3, mcSeed: 2), FusionPredictor.Predict(second.Model, validation, 3, mcSeed: 2));
            var other = FusionTrainer.Train(FusionSyntheticCohort.Specs, options with { Seed = 8, Epochs = 1 }, train, validation);
            using (other.Model)
                Assert.AreNotEqual(first.Epochs[0].TrainLoss, other.Epochs[0].TrainLoss, "a different seed gives a different run");
        }
    }

    [TestMethod]
    public void BeatsConstantPredictorOnPlantedSignal()
    {
        var train = FusionSyntheticCohort.Generate(300, seed: 21);
        var validation = FusionSyntheticCohort.Generate(100, seed: 22);
        var test = FusionSyntheticCohort.Generate(300, seed: 23);
        var options = FusionTestData.Tiny() with { ModelDimension = 16, Heads = 2, Layers = 1, Epochs = 6, BatchSize = 32, LearningRate = 1e-2 };
        var result = FusionTrainer.Train(FusionSyntheticCohort.Specs, options, train, validation);
        using var model = result.Model;
        var predictions = FusionPredictor.Predict(model, test, 0);

        var observedRate = train.SelectMany(e => e.ResponseTargets).Where(t => !float.IsNaN(t)).Average();
        var scores = new List<double>();
        var labels = new List<bool>();
        double modelBce = 0, constantBce = 0;
        for (var i = 0; i < test.Length; i++)
        {
            var regimen = Array.FindIndex(test[i].ResponseTargets, t => !float.IsNaN(t));
            var y = test[i].ResponseTargets[regimen] == 1f;
            var p = Math.Clamp(predictions[i].ResponseProbability[regimen], 1e-6, 1 - 1e-6);
            scores.Add(p);
            labels.Add(y);
            modelBce -= y ? Math.Log(p) : Math.Log(1 - p);
            constantBce -= y ? Math.Log(observedRate) : Math.Log(1 - observedRate);
        }
        modelBce /= test.Length;
        constantBce /= test.Length;
        var auc = FusionTestData.Auc(scores, labels);
        Assert.IsGreaterThan(0.72, auc, $"held-out response AUC {auc:F3}");
        Assert.IsLessThan(constantBce - 0.05, modelBce, $"model BCE {modelBce:F3} vs constant {constantBce:F3}");
        Assert.IsLessThan(result.Epochs[0].ValidationLoss, result.Epochs.Min(e => e.ValidationLoss));
    }

    [TestMethod]
    public void EarlyStoppingKeepsBestEpoch()
    {
        var train = FusionSyntheticCohort.Generate(96, seed: 31);
        var validation = FusionSyntheticCohort.Generate(40, seed: 32);
        // A huge learning rate makes the validation loss stop improving quickly.
        var options = FusionTestData.Tiny() with { Epochs = 30, EarlyStoppingPatience = 2, LearningRate = 0.3 };
        var result = FusionTrainer.Train(FusionSyntheticCohort.Specs, options, train, validation);
        using var model = result.Model;
        Assert.IsTrue(result.StoppedEarly);
        Assert.AreEqual(result.BestEpoch + 2, result.Epochs.Count);
        var best = result.Epochs[result.BestEpoch - 1].ValidationLoss;
        Assert.AreEqual(result.Epochs.Min(e => e.ValidationLoss), best);
        using var session = new FusionTrainingSession(model, torch.CPU);
        Assert.AreEqual(best, session.Evaluate(validation, options.BatchSize), 1e-5, "the model holds the best epoch's weights");
    }

    [TestMethod]
    public void TrainingStepsDoNotLeakTensors()
    {
        TorchSetup.Configure(5, 1);
        var data = FusionSyntheticCohort.Generate(64, seed: 41);
        using var model = new FusionTransformerModel(FusionTestData.Architecture, FusionTestData.Tiny());
        using var session = new FusionTrainingSession(model, torch.CPU);
        var indices = Enumerable.Range(0, data.Length).ToArray();
        session.Step(data, indices); // the first step creates AdamW's state tensors
        session.Evaluate(data, 32);
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 0; i < 3; i++)
        {
            session.Step(data, indices);
            session.Evaluate(data, 32);
        }
        FusionPredictor.Predict(model, data, 2, mcSeed: 1);
        Assert.AreEqual(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
