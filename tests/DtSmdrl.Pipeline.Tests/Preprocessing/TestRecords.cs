using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Records;

namespace DtSmdrl.Pipeline.Tests.Preprocessing;

/// <summary>Small realistic patient records from the synthetic cohort generator, cached per size and seed.</summary>
internal static class TestRecords
{
    private static readonly Dictionary<(int, int), IReadOnlyList<SyntheticPatient>> Cache = [];

    public static IReadOnlyList<SyntheticPatient> Patients(int size, int seed)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue((size, seed), out var patients))
                Cache[(size, seed)] = patients = new SyntheticCohortGenerator(new CohortOptions { Size = size, Seed = seed }).Generate().ToList();
            return patients;
        }
    }

    public static IReadOnlyList<PatientRecord> Records(int size, int seed) => Patients(size, seed).Select(p => p.Observed).ToList();
}
