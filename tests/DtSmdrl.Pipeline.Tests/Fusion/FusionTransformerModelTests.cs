using DtSmdrl.Pipeline.Fusion;
using DtSmdrl.Pipeline.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DtSmdrl.Pipeline.Tests.Fusion;

[TestClass]
public sealed class FusionTransformerModelTests
{
    [TestMethod]
    public void MissingModalityValuesChangeNoOutputAndGetZeroAttention()
    {
        TorchSetup.Configure(3, 1);
        using var model = new FusionTransformerModel(FusionTestData.Architecture, FusionTestData.Tiny());
        model.eval();
        var examples = FusionSyntheticCohort.Generate(16, seed: 5);
        foreach (var e in examples)
            e.Present[2] = false; // Mutations absent for everyone
        var changed = examples.Select(e => e with
        {
            Modalities = e.Modalities.Select((values, m) => m == 2 ? values.Select((_, f) => 1000f * (f + 1)).ToArray() : values).ToArray(),
        }).ToArray();

        FusionTestData.AssertSame(FusionPredictor.Predict(model, examples, 0), FusionPredictor.Predict(model, changed, 0));
        // Also with dropout on (MC passes with the same seed draw the same masks).
        FusionTestData.AssertSame(FusionPredictor.Predict(model, examples, 3, mcSeed: 4), FusionPredictor.Predict(model, changed, 3, mcSeed: 4));

        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var batch = FusionBatch.Create(model.Architecture, changed, Enumerable.Range(0, changed.Length).ToArray(), CPU);
        var output = model.Forward(batch.Modalities, batch.Present, applyModalityDropout: false);
        var start = model.ModalityTokenOffsets()[2];
        var ontoMasked = output.Attention[TensorIndex.Ellipsis, TensorIndex.Slice(start, start + 11)];
        Assert.AreEqual(0f, ontoMasked.abs().max().item<float>(), "attention onto tokens of the absent modality");
        Assert.IsGreaterThan(0f, output.Attention[TensorIndex.Ellipsis, TensorIndex.Slice(1, 5)].min().item<float>(), "tokens of the always-present Clinical modality get weight");
        var perModality = FusionPredictor.Predict(model, changed, 0).Select(p => p.ModalityAttention).ToArray();
        foreach (var mass in perModality)
        {
            Assert.AreEqual(0f, mass[2]);
            Assert.AreEqual(1.0, mass.Sum(), 1e-5);
        }
    }

    [TestMethod]
    public void PatientWithOnlyOneModalityGetsFiniteOutputs()
    {
        TorchSetup.Configure(3, 1);
        using var model = new FusionTransformerModel(FusionTestData.Architecture, FusionTestData.Tiny());
        var examples = FusionSyntheticCohort.Generate(4, seed: 6);
        foreach (var e in examples)
            for (var m = 1; m < e.Present.Length; m++)
                e.Present[m] = false;
        var predictions = FusionPredictor.Predict(model, examples, 3, mcSeed: 1);
        foreach (var p in predictions)
        {
            Assert.IsTrue(p.Embedding.Concat(p.LatentMean).Concat(p.ResponseProbability).Concat(p.ToxicityProbability).All(float.IsFinite));
            Assert.AreEqual(1f, p.ModalityAttention[0], 1e-6f);
        }
    }

    [TestMethod]
    public void GradientReachesEveryTokenizerParameter()
    {
        TorchSetup.Configure(4, 1);
        var options = FusionTestData.Tiny();
        using var model = new FusionTransformerModel(FusionTestData.Architecture, options);
        model.train();
        // All modalities present; the generator's scattered NaN features exercise the missing embeddings.
        var examples = FusionSyntheticCohort.Generate(64, seed: 8, absentProbability: 0, missingFeatureProbability: 0.2);
        using var scope = NewDisposeScope();
        var batch = FusionBatch.Create(model.Architecture, examples, Enumerable.Range(0, examples.Length).ToArray(), CPU);
        var output = model.Forward(batch.Modalities, batch.Present, applyModalityDropout: false);
        FusionLoss.Compute(output, batch, options).backward();

        var tokenizerParameters = model.named_parameters().Where(p => p.name.Contains("tokenizer", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.HasCount(3 * FusionSyntheticCohort.Specs.Count, tokenizerParameters);
        foreach (var (name, parameter) in tokenizerParameters.Append(model.named_parameters().Single(p => p.name.Contains("modality", StringComparison.OrdinalIgnoreCase))))
        {
            Assert.IsNotNull(parameter.grad, name);
            // Every feature row of every tokenizer parameter gets some gradient.
            var perRow = parameter.grad!.abs().sum(-1);
            Assert.IsGreaterThan(0f, perRow.min().item<float>(), $"{name} has a feature row with zero gradient");
        }
    }

    [TestMethod]
    public void OptionsValidationNamesTheField()
    {
        var bad = FusionTestData.Tiny() with { Heads = 3 };
        var e = Assert.Throws<ArgumentException>(bad.Validate);
        StringAssert.Contains(e.Message, "ModelDimension");
        e = Assert.Throws<ArgumentException>((FusionTestData.Tiny() with { Dropout = 1 }).Validate);
        StringAssert.Contains(e.Message, "FusionOptions.Dropout");
        e = Assert.Throws<ArgumentException>((FusionTestData.Tiny() with { BatchSize = 0 }).Validate);
        StringAssert.Contains(e.Message, "FusionOptions.BatchSize");
    }

    [TestMethod]
    public void BadExampleErrorNamesExampleAndField()
    {
        var data = FusionSyntheticCohort.Generate(5, seed: 1);
        data[3] = data[3] with { Modalities = data[3].Modalities.Select((v, m) => m == 1 ? v[..9] : v).ToArray() };
        var e = Assert.Throws<ArgumentException>(() => FusionTrainer.Train(FusionSyntheticCohort.Specs, FusionTestData.Tiny(), data, []));
        StringAssert.Contains(e.Message, "training example 3");
        StringAssert.Contains(e.Message, "Labs");
    }
}
