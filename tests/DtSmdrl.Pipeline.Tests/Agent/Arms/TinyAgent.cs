using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Tests.Preprocessing;

namespace DtSmdrl.Pipeline.Tests.Agent.Arms;

/// <summary>A DT-SMDRL agent small enough to train in a test, and four patients' twins to train it on.</summary>
internal static class TinyAgent
{
    /// <summary>Two twins per patient, 4-cycle episodes without follow-up, <paramref name="iterations"/> Reptile iterations.</summary>
    public static DtSmdrlArmOptions Options(int iterations) => new()
    {
        TwinsPerPatient = 2,
        Environment = new TwinEnvironmentOptions { Cycles = 4, FollowUpDay = 0 },
        Meta = new MetaPpoOptions
        {
            Iterations = iterations, TasksPerIteration = 2, InnerUpdates = 1, NormalizerWarmupSteps = 4, EvaluationEpisodes = 1,
            Inner = new PpoOptions { NumSteps = 8, TotalSteps = 16, AnnealLearningRate = false, HiddenSize = 16 },
        },
    };

    /// <summary>Four test records as the agent sees them under <paramref name="options"/> (fixed seeds).</summary>
    public static List<PatientTwins> Patients(DtSmdrlArmOptions options)
    {
        var method = new DtSmdrlMethod(options);
        var rng = new Random(2);
        return TestRecords.Records(4, 7).Select((r, i) => method.Patient($"p{i}", r, options.TwinsPerPatient, rng)).ToList();
    }

    /// <summary>The training data of a small synthetic cohort (written to a temporary folder and loaded back).</summary>
    public static StudyData TrainingData(int size = 20, int seed = 4)
    {
        var folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-tiny-" + Guid.NewGuid().ToString("N"));
        try
        {
            CohortFolder.Write(folder, new SyntheticCohortGenerator(new CohortOptions { Size = size, Seed = seed }));
            return CohortFolder.Load(folder).TrainingData();
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }
}
