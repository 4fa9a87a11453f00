using DtSmdrl.Pipeline.Cohort;

namespace DtSmdrl.Host.Tests;

/// <summary>The host tests' synthetic cohort (160 patients, seed 11), written to a fresh temporary folder.</summary>
public static class TestCohorts
{
    /// <summary>Writes the cohort and returns its folder; the caller deletes it.</summary>
    public static string Write(string prefix = "cohort-")
    {
        var folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-host-tests", prefix + Guid.NewGuid().ToString("N"));
        CohortFolder.Write(folder, new SyntheticCohortGenerator(new CohortOptions { Size = 160, Seed = 11 }));
        return folder;
    }
}
