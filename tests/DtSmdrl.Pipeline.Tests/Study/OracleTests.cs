using System.Diagnostics;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Tests.Study;

[TestClass]
public sealed class OracleTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void DefaultLibraryHasTheDocumentedSize()
    {
        var library = new PlanLibrary(ActionSet.NsclcDefault);
        Assert.AreEqual(1215, library.Count);
        Assert.AreEqual(-1, library.IndexOfConstant(ActionSet.NsclcDefault.IndexOf("chemo_full")), "8 chemo cycles exceed the limit of 6");
        Assert.AreNotEqual(-1, library.IndexOfConstant(ActionSet.NsclcDefault.IndexOf("immuno")));
    }

    [TestMethod]
    public void OracleIsNeverBeatenByAFixedPlanRunSeparately()
    {
        var options = new TwinEnvironmentOptions();
        var library = new PlanLibrary(ActionSet.NsclcDefault);
        var oracle = new Oracle(library, options);
        var single = new TwinEnvironment(options);
        var patients = new[]
        {
            NsclcParameters.Typical,
            NsclcParameters.Typical with { KT = 0.08 },
            NsclcParameters.Typical with { Responder = 1, KI = 0.05 },
        };
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < patients.Length; i++)
        {
            var seed = (ulong)(100 + i);
            var result = oracle.Solve(patients[i], seed);
            // Every constant plan plus a few switching plans, replayed through the single-patient environment.
            var candidates = Enumerable.Range(0, ActionSet.NsclcDefault.Count)
                .Select(a => Enumerable.Repeat(a, 8).ToArray())
                .Append([3, 3, 4, 4, 4, 4, 4, 4])
                .Append([1, 1, 1, 1, 4, 4, 4, 4])
                .Append([5, 5, 2, 2, 4, 4, 0, 0]);
            foreach (var plan in candidates)
            {
                var chemoCycles = plan.Count(a => ActionSet.NsclcDefault[a].Chemotherapy > 0);
                if (chemoCycles > library.MaxChemotherapyCycles) continue; // outside the library's rules

                single.Reset(patients[i], seed);
                double value = 0;
                var severe = false;
                foreach (var action in plan)
                {
                    var step = single.Step(action);
                    value += step.Reward;
                    severe |= step.Info.SevereToxicity;
                }
                if (result.Safe && severe) continue; // J* ranges over safe plans only
                Assert.IsTrue(value <= result.Value + 1e-9,
                    $"patient {i}: plan [{string.Join(",", plan)}] reached {value:F4} > J* {result.Value:F4}");
            }
            Assert.AreEqual(result.Value, oracle.PlanValues[result.BestPlan], 1e-12);
        }
        TestContext.WriteLine($"oracle: {watch.Elapsed.TotalMilliseconds / patients.Length:F0} ms per patient ({library.Count} plans)");
    }
}
