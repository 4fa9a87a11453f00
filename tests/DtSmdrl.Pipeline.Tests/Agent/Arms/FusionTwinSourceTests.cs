using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Fusion;
using DtSmdrl.Pipeline.Fusion.MlNet;
using DtSmdrl.Pipeline.Study;

namespace DtSmdrl.Pipeline.Tests.Agent.Arms;

[TestClass]
public sealed class FusionTwinSourceTests
{
    private static readonly FusionTransformerOptions Small = new()
    {
        Model = new FusionOptions { ModelDimension = 8, Layers = 1, Heads = 2, Epochs = 2, BatchSize = 32 },
        McPasses = 2,
    };

    [TestMethod]
    public void FittedSourceGivesTheEmbeddingAsContextAndDeterministicTwins()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-fusion-source-" + Guid.NewGuid().ToString("N"));
        try
        {
            CohortFolder.Write(folder, new SyntheticCohortGenerator(new CohortOptions { Size = 60, Seed = 3 }));
            var cohort = CohortFolder.Load(folder);
            var test = cohort.InSplit(CohortSplit.Test).Select(p => p.Observed).ToList();

            using var source = new FusionTwinSource(cohort, Small);
            Assert.ThrowsExactly<InvalidOperationException>(() => source.Context(test[0]));
            source.Fit(cohort.TrainingData(), seed: 5);
            source.Precompute(test);
            var context = source.Context(test[0]);
            Assert.AreEqual(8, context.Length);
            var twins = source.SampleTwins(test[0], 4, new Random(1));
            CollectionAssert.AreEqual(twins, source.SampleTwins(test[0], 4, new Random(1)));
            Assert.AreEqual(4, twins.Distinct().Count(), "the fusion prior has spread: four samples, four twins");

            using var again = new FusionTwinSource(cohort, Small);
            again.Fit(cohort.TrainingData(), seed: 5);
            // Same batch as above: libtorch's kernels may round differently for another batch size.
            again.Precompute(test);
            CollectionAssert.AreEqual(context, again.Context(test[0]), "same seed, same fusion model");
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }
}
