using DtSmdrl.Pipeline.Benchmarks.Zhao;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Tests.Benchmarks.Zhao;

[TestClass]
public sealed class ZhaoOracleTests
{
    private static readonly ZhaoChemotherapyModel Model = new();

    [TestMethod]
    public void ExpectedRewardMatchesTheReferenceSimulatorsProbabilities()
    {
        var patient = new ZhaoPatient(1.3, 0.8, 7);
        int[] actions = [10, 6, 0, 4];
        // Deterministic path (no death) from the reference simulator, then the death-weighted sum by hand.
        var path = ReferenceSimulator.Run(Model, patient.Parameters, actions, patient.NoiseSeed, sampleDeath: false);
        double survival = 1, expected = 0;
        for (var k = 0; k < actions.Length; k++)
        {
            var p = path.DeathProbabilities[k];
            expected += survival * ((1 - p) * path.Rewards[k] - 60 * p);
            survival *= 1 - p;
        }
        Assert.AreEqual(expected, ZhaoOracle.ExpectedReward(patient, actions), 1e-12);
    }

    [TestMethod]
    public void SearchFindsTheBestOfAllSequencesOnAShortHorizon()
    {
        const int horizon = 3;
        foreach (var patient in ZhaoPatient.Cohort(3, seed: 4))
        {
            var bestByEnumeration = double.NegativeInfinity;
            var sequence = new int[horizon];
            for (var code = 0; code < 11 * 11 * 11; code++)
            {
                (sequence[0], sequence[1], sequence[2]) = (code % 11, code / 11 % 11, code / 121);
                bestByEnumeration = Math.Max(bestByEnumeration, ZhaoOracle.ExpectedReward(patient, sequence));
            }
            var (actions, value) = ZhaoOracle.BestSequence(patient, horizon);
            Assert.AreEqual(bestByEnumeration, value, 1e-12, $"patient {patient}");
            Assert.AreEqual(value, ZhaoOracle.ExpectedReward(patient, actions), 1e-12, "the reported sequence achieves the reported value");
        }
    }

    [TestMethod]
    public void RegimenGivesEachPatientItsSequenceMonthByMonth()
    {
        var patients = ZhaoPatient.Cohort(40, seed: 9);
        var sequences = patients.Select((_, i) => Enumerable.Range(0, 6).Select(m => (i + 3 * m) % 11).ToArray()).ToArray();
        var result = ZhaoEvaluation.Run("sequences", patients, ZhaoOracle.Regimen(sequences));
        for (var i = 0; i < patients.Length; i++)
        {
            var reference = ReferenceSimulator.Run(Model, patients[i].Parameters, sequences[i], patients[i].NoiseSeed);
            Assert.AreEqual(reference.Rewards.Sum(), result.Rewards[i], 1e-9, $"patient {i}");
        }
    }
}
