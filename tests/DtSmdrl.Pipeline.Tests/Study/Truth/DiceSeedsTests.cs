using DtSmdrl.Pipeline.Study.Truth;

namespace DtSmdrl.Pipeline.Tests.Study.Truth;

[TestClass]
public sealed class DiceSeedsTests
{
    [TestMethod]
    public void SeedsArePureFunctionsOfPatientReplicateAndPurpose()
    {
        Assert.AreEqual(DiceSeeds.Evaluation(42, 3), DiceSeeds.Evaluation(42, 3));
        Assert.AreEqual(DiceSeeds.Oracle(42, 3), DiceSeeds.Oracle(42, 3));
        Assert.AreNotEqual(DiceSeeds.Evaluation(42, 3), DiceSeeds.Oracle(42, 3));
        Assert.AreNotEqual(DiceSeeds.Evaluation(42, 3), DiceSeeds.Evaluation(43, 3));
        Assert.AreNotEqual(DiceSeeds.Evaluation(42, 3), DiceSeeds.Evaluation(42, 4));
        // The replicate seed is not the patient's dice seed itself (so replicate 0 is not the version-1 episode).
        Assert.AreNotEqual(42UL, DiceSeeds.Evaluation(42, 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DiceSeeds.Evaluation(42, -1));
    }

    [TestMethod]
    public void EvaluationAndOracleSeedsNeverCollideOverACohort()
    {
        // 2,000 patients with consecutive dice seeds (the worst case for a weak mix), 8 evaluation and 16 oracle replicates.
        var seen = new HashSet<ulong>();
        for (ulong patient = 0; patient < 2000; patient++)
        {
            for (var r = 0; r < 8; r++) Assert.IsTrue(seen.Add(DiceSeeds.Evaluation(patient, r)), $"evaluation seed of patient {patient} replicate {r} repeats");
            for (var r = 0; r < 16; r++) Assert.IsTrue(seen.Add(DiceSeeds.Oracle(patient, r)), $"oracle seed of patient {patient} replicate {r} repeats");
        }
    }

    [TestMethod]
    public void SplitMix64MatchesTheReferenceOutput()
    {
        // The first outputs of the reference SplitMix64 generator seeded with 0 (state advanced by the golden gamma each call).
        Assert.AreEqual(0xE220A8397B1DCDAFUL, DiceSeeds.SplitMix64(0));
        Assert.AreEqual(0x6E789E6AA1B965F4UL, DiceSeeds.SplitMix64(0x9E3779B97F4A7C15UL));
    }
}
