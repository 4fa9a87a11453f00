using DtSmdrl.Pipeline.Data.Fuzzing;

namespace DtSmdrl.Pipeline.Cohort;

/// <summary>
/// The valid records <see cref="RecordFuzzer"/> mutates: a 40-patient synthetic cohort of the seed, observed records and
/// retrospective outcomes. The wearable series is cut to its first four samples: 42 samples of the same shape add
/// validation time, not new cases.
/// </summary>
public static class FuzzBaseRecords
{
    public static RecordFuzzer Fuzzer(int seed)
    {
        var cohort = new SyntheticCohortGenerator(new CohortOptions { Size = 40, Seed = seed }).Generate().ToList();
        var patients = cohort.Select(p => p.Observed.Signals is { } s ? p.Observed with { Signals = s with { Samples = s.Samples.Take(4).ToList() } } : p.Observed).ToList();
        return new RecordFuzzer(patients, cohort.SelectMany(p => p.Retrospective).ToList(), seed);
    }
}
