using DtSmdrl.Pipeline.Evaluation;

namespace DtSmdrl.Pipeline.Tests.Evaluation;

/// <summary>Builds patient outcomes with neutral defaults so each test states only the fields it checks.</summary>
internal static class TestOutcomes
{
    public static PatientOutcome Make(
        string id,
        RecistResponse response = RecistResponse.SD,
        double probability = double.NaN,
        double baseline = 100,
        double nadir = 100,
        double pfsDays = 364,
        bool pfsEvent = false,
        bool toxicity = false,
        double cost = 0,
        double value = 1,
        double perfect = 1,
        double hold = 0,
        int replicate = 0) =>
        new()
        {
            PatientId = id,
            StatedResponseProbability = probability,
            BestOverallResponse = response,
            BaselineSldMm = baseline,
            NadirSldMm = nadir,
            PfsDays = pfsDays,
            PfsEvent = pfsEvent,
            HadSevereToxicity = toxicity,
            EpisodeToxicityCost = cost,
            Value = value,
            PerfectValue = perfect,
            HoldValue = hold,
            Replicate = replicate,
        };

    /// <summary>Standard normal draws by Box-Muller from a seeded generator.</summary>
    public static double[] Normal(int count, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }
        return values;
    }
}
