using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Prior;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Tests.Agent.Arms;

[TestClass]
public sealed class TwinToxicityForecasterTests
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private static readonly NsclcSimulationOptions Options = new();

    // Per cycle, each row's action: rows 0-2 agree throughout, row 3 leaves them at cycle 1, rows 4 and 5 at cycle 2
    // (row 5 comes back to row 4's action at cycle 3, but its course has already split off).
    private static readonly int[][] Given =
    [
        [1, 1, 1, 1, 1, 1],
        [1, 1, 1, 0, 1, 1],
        [2, 2, 2, 2, 0, 3],
        [1, 1, 1, 1, 2, 2],
        [0, 0, 0, 1, 0, 0],
    ];

    private static NsclcParameters[] Samples(int count, int seed)
    {
        var prior = new TwinPrior();
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => prior.SamplePopulation(rng)).ToArray();
    }

    [TestMethod]
    public void RowsSharingSamplesForecastAsIfEachWereAlone()
    {
        var samples = Samples(12, 3);
        const ulong seed = 77;
        var rows = Given[0].Length;
        var a = Options.Actions.Count;
        var shared = new TwinToxicityForecaster(Enumerable.Repeat(samples, rows).ToList(), Options, seed);
        var alone = Enumerable.Range(0, rows).Select(_ => new TwinToxicityForecaster([samples], Options, seed)).ToArray();
        var together = new double[rows * a];
        var single = new double[a];
        var courses = new List<int>();
        var anySevere = false;
        foreach (var cycle in Given)
        {
            shared.Forecast(together);
            courses.Add(shared.Courses);
            for (var i = 0; i < rows; i++)
            {
                alone[i].Forecast(single);
                CollectionAssert.AreEqual(single, together.AsSpan(i * a, a).ToArray(), $"row {i}");
                anySevere |= single.Any(p => p > 0);
                alone[i].Advance([cycle[i]]);
            }
            shared.Advance(cycle);
        }
        Assert.IsTrue(anySevere, "no severe toxicity was forecast: the comparison would be vacuous");
        // One course while the rows agree, then one per distinct action history.
        CollectionAssert.AreEqual(new[] { 1, 1, 2, 4, 4 }, courses);
    }

    [TestMethod]
    public void RowsWithTheirOwnSamplesKeepTheirOwnDiceAfterARestart()
    {
        var arrays = new[] { Samples(5, 1), Samples(5, 2), Samples(5, 3) };
        const ulong seed = 12345;
        var a = Options.Actions.Count;
        var together = new TwinToxicityForecaster(arrays, Options, seed);
        // Patient p's dice are the flat sample index p * samples + s, as for a forecaster of that patient alone at an offset seed.
        var alone = arrays.Select((s, p) => new TwinToxicityForecaster([s], Options, seed + (ulong)(p * s.Length) * Golden)).ToArray();
        var all = new double[arrays.Length * a];
        var single = new double[a];
        for (var episode = 0; episode < 2; episode++)
        {
            together.Restart();
            foreach (var f in alone) f.Restart();
            for (var cycle = 0; cycle < 4; cycle++)
            {
                int[] given = [(cycle + episode) % a, 1, 2];
                together.Forecast(all);
                Assert.AreEqual(arrays.Length, together.Courses);
                for (var p = 0; p < arrays.Length; p++)
                {
                    alone[p].Forecast(single);
                    CollectionAssert.AreEqual(single, all.AsSpan(p * a, a).ToArray(), $"episode {episode}, cycle {cycle}, patient {p}");
                    alone[p].Advance([given[p]]);
                }
                together.Advance(given);
            }
        }
    }

    [TestMethod]
    public void AForecastEqualsSimulatingTheWholePathUnderEachAction()
    {
        var samples = Samples(32, 9);
        const ulong seed = 5;
        var a = Options.Actions.Count;
        var forecaster = new TwinToxicityForecaster([samples], Options, seed);
        int[] path = [1, 2, 1];
        foreach (var action in path) forecaster.Advance([action]);
        var forecast = new double[a];
        forecaster.Forecast(forecast);

        // The same samples and dice simulated from day 0 along the path, then one cycle of each action.
        var seeds = Enumerable.Range(0, samples.Length).Select(s => seed + (ulong)s * Golden).ToArray();
        var expected = new double[a];
        for (var action = 0; action < a; action++)
        {
            var simulator = new NsclcBatchSimulator(samples.Length, Options);
            simulator.Reset(samples, seeds);
            foreach (var given in path.Append(action)) simulator.Advance(Enumerable.Repeat(given, samples.Length).ToArray(), 21);
            expected[action] = simulator.SevereToxicity.ToArray().Count(x => x) / (double)samples.Length;
        }
        Assert.IsTrue(expected.Distinct().Count() > 2, $"the actions' forecasts hardly differ ({string.Join(", ", expected)}): the check would be weak");
        CollectionAssert.AreEqual(expected, forecast);
    }
}
