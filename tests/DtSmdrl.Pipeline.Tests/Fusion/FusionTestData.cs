using DtSmdrl.Pipeline.Fusion;

namespace DtSmdrl.Pipeline.Tests.Fusion;

/// <summary>Tiny options and helpers shared by the fusion tests (small enough that every test runs in well under 5 s).</summary>
internal static class FusionTestData
{
    public static FusionOptions Tiny(long seed = 7) => new()
    {
        Seed = seed, Threads = 1, ModelDimension = 8, Layers = 2, Heads = 2, Dropout = 0.1, ModalityDropout = 0.15,
        Epochs = 3, BatchSize = 64, EarlyStoppingPatience = 5, LearningRate = 3e-3,
    };

    public static FusionArchitecture Architecture => new(FusionSyntheticCohort.Specs, 3, 3);

    public static void AssertSame(FusionPrediction[] expected, FusionPrediction[] actual)
    {
        Assert.HasCount(expected.Length, actual);
        for (var i = 0; i < expected.Length; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            CollectionAssert.AreEqual(e.Embedding, a.Embedding, $"embedding of patient {i}");
            CollectionAssert.AreEqual(e.LatentMean, a.LatentMean, $"latent mean of patient {i}");
            CollectionAssert.AreEqual(e.LatentMeanStd, a.LatentMeanStd, $"latent mean std of patient {i}");
            CollectionAssert.AreEqual(e.LatentSpread, a.LatentSpread, $"latent spread of patient {i}");
            CollectionAssert.AreEqual(e.ResponseProbability, a.ResponseProbability, $"response of patient {i}");
            CollectionAssert.AreEqual(e.ResponseProbabilityStd, a.ResponseProbabilityStd, $"response std of patient {i}");
            CollectionAssert.AreEqual(e.ToxicityProbability, a.ToxicityProbability, $"toxicity of patient {i}");
            CollectionAssert.AreEqual(e.ModalityAttention, a.ModalityAttention, $"attention of patient {i}");
        }
    }

    /// <summary>Area under the ROC curve by the Mann-Whitney statistic (ties count one half).</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        double wins = 0;
        long pairs = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            if (!labels[i]) continue;
            for (var j = 0; j < scores.Count; j++)
            {
                if (labels[j]) continue;
                pairs++;
                wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
            }
        }
        return wins / pairs;
    }
}
