using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Planning;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Tests.Planning;

[TestClass]
public sealed class TwinMpcTests
{
    // A shorter horizon (6 cycles, 216 plans) keeps the exhaustive references affordable; the search is the same.
    private static readonly TwinEnvironmentOptions Environment = new() { Cycles = 6, FollowUpDay = 252 };

    private static TwinMpcOptions Small(int threads = 1) => new()
    {
        Environment = Environment,
        Samples = 6,
        ScreeningSamples = 2,
        RefinedPlans = 8,
        Posterior = new PosteriorOptions { Particles = 40, MoveSweeps = 1, StepSize = 0.5 },
        Threads = threads,
    };

    private static List<SyntheticPatient> Patients(int count, int seed = 5) =>
        new SyntheticCohortGenerator(new CohortOptions { Size = count, Seed = seed }).Generate().ToList();

    [TestMethod]
    public void WithTheTrueTwinTheFirstChoiceIsTheBestFixedPlanOfAnExhaustiveSearchOnTheSameSamples()
    {
        var patients = Patients(3);
        var options = Small() with { Samples = 4, RefinedPlans = 10_000 };
        var method = new TwinMpcMethod(options, new KnownTwinSource(patients.ToDictionary(p => p.Id, p => p.Truth.Parameters)));
        method.Fit(new StudyData([], [], [], []), 11);
        var plan = method.Prepare(patients.Select(p => p.Observed).ToList());
        var prepared = ((TwinMpcPolicy)plan.Policy).Prepared;

        var library = method.Library;
        var searchEnvironment = TwinMpcPlanner.SearchEnvironment(options);
        var spread = 0.0;
        for (var i = 0; i < patients.Count; i++)
        {
            var seeds = TwinMpcMethod.SampleSeeds(TwinMpcMethod.PatientSeed(11, patients[i].Id), 0, options.Samples);
            var (reward, severe, response) = Exhaustive(library, searchEnvironment, patients[i].Truth.Parameters, seeds);
            var best = TwinMpcPlanner.Best(reward, severe, options.SevereEventLimit);
            var chosen = Enumerable.Range(0, library.Count).Single(p => Blocks(library, p).SequenceEqual(prepared[i].Blocks));
            var tolerance = 1e-9 * Math.Max(1, Math.Abs(reward[best]));
            // Plans can tie exactly (up to summation order), so the choice must be a best plan, not necessarily the same index.
            Assert.AreEqual(severe[best] <= options.SevereEventLimit, severe[chosen] <= options.SevereEventLimit, $"patient {i}: feasibility");
            Assert.IsLessThanOrEqualTo(tolerance, reward[best] - reward[chosen], $"patient {i}: chose {string.Join(",", prepared[i].Blocks)} worth {reward[chosen]}, exhaustive best {string.Join(",", Blocks(library, best))} worth {reward[best]}");
            Assert.AreEqual(reward[chosen], prepared[i].MeanReward, tolerance, $"patient {i}: the tree must value a plan as re-simulating it does");
            Assert.AreEqual(severe[chosen], prepared[i].SevereProbability, 1e-12);
            Assert.AreEqual(response[chosen], plan.StatedResponseProbability[i], 1e-12, $"patient {i}: stated response = share of samples with CR/PR under the chosen plan");
            if (severe.Any(s => s <= options.SevereEventLimit))
            {
                Assert.IsLessThanOrEqualTo(options.SevereEventLimit, prepared[i].SevereProbability, $"patient {i}: a plan within the limit existed");
            }

            spread = Math.Max(spread, reward.Max() - reward.Min());
        }

        Assert.IsGreaterThan(0.0, spread, "the plans must differ in value, or the comparison shows nothing");
    }

    [TestMethod]
    public void BestKeepsTheSafetyLimitAndFallsBackToTheLowestProbability()
    {
        double[] reward = [10, 8, 7, 9];
        double[] severe = [0.5, 0.1, 0.0, 0.2];
        Assert.AreEqual(1, TwinMpcPlanner.Best(reward, severe, 0.10), "best reward within the limit, not the best overall");
        Assert.AreEqual(2, TwinMpcPlanner.Best(reward, severe, 0.05));
        double[] allUnsafe = [0.5, 0.3, 0.3, 0.9];
        Assert.AreEqual(1, TwinMpcPlanner.Best(reward, allUnsafe, 0.10), "lowest probability, then the better reward among equals");
    }

    [TestMethod]
    public void TheLimitIsTheEpisodesLessTheRiskAlreadySpent()
    {
        // A loose 35% limit on 10 samples: spending 30% of it leaves 5% (no sample with an event), which must change choices.
        var patients = Patients(12, seed: 9);
        var options = Small() with { Samples = 10, SevereEventLimit = 0.35 };
        var library = new PlanLibrary(options.Environment.Simulation.Actions, options.Environment.Cycles);
        var planner = new TwinMpcPlanner(library, options);
        var environment = TwinMpcPlanner.SearchEnvironment(options);
        var search = new PlanTreeSearch(environment, library.BlockCycles);
        var taken = Enumerable.Range(0, library.Count).Select(p => library.ActionAt(p, 0)).Where(a => options.Environment.Simulation.Actions[a].Chemotherapy > 0).Take(1)
            .SelectMany(a => Enumerable.Repeat(a, library.BlockCycles)).ToArray();
        var changed = 0;
        for (var i = 0; i < patients.Count; i++)
        {
            var samples = Enumerable.Repeat(patients[i].Truth.Parameters, options.Samples).ToArray();
            var seeds = TwinMpcMethod.SampleSeeds(TwinMpcMethod.PatientSeed(3, patients[i].Id), library.BlockCycles, options.Samples);
            var remaining = planner.RemainingPlans(taken);
            var root = new NsclcBatchSimulator(options.Samples, environment.Simulation);
            root.Reset(samples, seeds);
            var actions = new int[options.Samples];
            foreach (var a in taken)
            {
                Array.Fill(actions, a);
                root.Advance(actions, (int)NsclcTwinModel.CycleDays);
            }

            var reward = new double[remaining.Count];
            var severe = new double[remaining.Count];
            search.Evaluate(root, remaining, reward, severe, new double[remaining.Count]);
            var chosen = new List<int[]>();
            foreach (var spent in new[] { 0.0, 0.3 })
            {
                var choice = planner.Choose(samples, seeds, taken, screen: false, spentRisk: spent);
                var limit = Math.Max(0, options.SevereEventLimit - spent);
                Assert.AreEqual(limit, choice.Limit, 1e-12, $"patient {i}, spent {spent}");
                Assert.IsTrue(remaining[TwinMpcPlanner.Best(reward, severe, limit)].SequenceEqual(choice.Blocks), $"patient {i}, spent {spent}: the best plan under the reduced limit");
                Assert.IsLessThanOrEqualTo(choice.SevereProbability + 1e-12, choice.FirstBlockSevereProbability, "the first block's risk is part of the plan's");
                chosen.Add(choice.Blocks);
            }

            changed += chosen[0].SequenceEqual(chosen[1]) ? 0 : 1;
        }

        Assert.IsGreaterThan(0, changed, "the risk already spent must change some choice, or this test shows nothing");
    }

    [TestMethod]
    public void TheFirstBlockRiskIsTheShareOfSamplesWithAnEventInTheComingBlock()
    {
        var patient = Patients(1, seed: 4)[0];
        var options = Small() with { Samples = 16 };
        var library = new PlanLibrary(options.Environment.Simulation.Actions, options.Environment.Cycles);
        var environment = TwinMpcPlanner.SearchEnvironment(options);
        var samples = Enumerable.Repeat(patient.Truth.Parameters, options.Samples).ToArray();
        var seeds = TwinMpcMethod.SampleSeeds(TwinMpcMethod.PatientSeed(5, patient.Id), 0, options.Samples);
        var plans = new TwinMpcPlanner(library, options).RemainingPlans([]);
        var root = new NsclcBatchSimulator(options.Samples, environment.Simulation);
        root.Reset(samples, seeds);
        var search = new PlanTreeSearch(environment, library.BlockCycles);
        search.Evaluate(root, plans, new double[plans.Count], new double[plans.Count], new double[plans.Count]);
        var first = new NsclcBatchSimulator(options.Samples, environment.Simulation);
        var positive = 0;
        for (var p = 0; p < plans.Count; p += 7)
        {
            first.Reset(samples, seeds);
            var severe = new bool[options.Samples];
            var actions = Enumerable.Repeat(plans[p][0], options.Samples).ToArray();
            for (var c = 0; c < library.BlockCycles; c++)
            {
                first.Advance(actions, (int)NsclcTwinModel.CycleDays);
                for (var m = 0; m < options.Samples; m++)
                {
                    severe[m] |= first.SevereToxicity[m];
                }
            }

            var share = severe.Count(x => x) / (double)options.Samples;
            Assert.AreEqual(share, search.FirstBlockSevereShare(root, p), 1e-12, $"plan {p}");
            positive += share > 0 ? 1 : 0;
        }

        Assert.IsGreaterThan(0, positive, "some first block must carry risk, or this test shows nothing");
    }

    [TestMethod]
    public void ThePolicyAddsUpTheRiskItSpendsOverTheEpisode()
    {
        var patients = Patients(16, seed: 12);
        var options = Small() with { Samples = 10 };
        var method = new TwinMpcMethod(options, new KnownTwinSource(patients.ToDictionary(p => p.Id, p => p.Truth.Parameters)));
        method.Fit(new StudyData([], [], [], []), 21);
        var policy = (TwinMpcPolicy)method.Prepare(patients.Select(p => p.Observed).ToList()).Policy;
        var n = patients.Count;
        var env = new BatchedTwinEnvironment(n, Environment);
        var observations = new double[n * env.ObservationSize];
        var done = new bool[n];
        var actions = new int[n];
        var spent = new double[n];
        var reduced = 0;
        env.Reset(patients.Select(p => p.Truth.Parameters).ToArray(), Dice(n, 0), observations);
        for (var cycle = 0; cycle < Environment.Cycles; cycle++)
        {
            policy.Decide(cycle, observations, done, actions);
            if (cycle % method.Library.BlockCycles == 0)
            {
                for (var i = 0; i < n; i++)
                {
                    if (done[i])
                    {
                        continue;
                    }

                    var (plan, at, _) = policy.Current(i);
                    Assert.AreEqual(cycle, at);
                    Assert.AreEqual(Math.Max(0, options.SevereEventLimit - spent[i]), plan.Limit, 1e-12, $"patient {i}, cycle {cycle}");
                    reduced += plan.Limit < options.SevereEventLimit ? 1 : 0;
                    spent[i] += plan.FirstBlockSevereProbability;
                }
            }

            env.Step(actions, observations, new double[n], new double[n], done);
        }

        Assert.IsGreaterThan(0, reduced, "some decision must have had risk spent before it, or this test shows nothing");
    }

    [TestMethod]
    public void RemainingPlansRespectTheChemotherapyAlreadyGiven()
    {
        var options = Small();
        var library = new PlanLibrary(options.Environment.Simulation.Actions, cycles: 6, blockCycles: 2, maxChemotherapyCycles: 2);
        var planner = new TwinMpcPlanner(library, options);
        var actions = options.Environment.Simulation.Actions;
        var chemo = Enumerable.Range(0, actions.Count).First(a => actions[a].Chemotherapy > 0);
        var remaining = planner.RemainingPlans([chemo, chemo]);
        var withoutChemo = Enumerable.Range(0, actions.Count).Count(a => actions[a].Chemotherapy == 0);
        Assert.HasCount(withoutChemo * withoutChemo, remaining);
        Assert.IsTrue(remaining.All(p => p.All(a => actions[a].Chemotherapy == 0)), "the cap is used up: no chemotherapy may follow");
        Assert.HasCount(library.Count, planner.RemainingPlans([]));
    }

    [TestMethod]
    public void SameSeedGivesTheSameActionsAtOneAndTwoThreads()
    {
        var patients = Patients(4);
        var records = patients.Select(p => p.Observed).ToList();
        var twins = patients.Select(p => p.Truth.Parameters).ToArray();
        int[][] Run(int threads, out double[] stated)
        {
            var method = new TwinMpcMethod(Small(threads));
            method.Fit(new StudyData([], [], [], []), 3);
            var plan = method.Prepare(records);
            stated = plan.StatedResponseProbability;
            return RunEpisode(plan.Policy, twins, Dice(twins.Length, 1), out _);
        }

        var one = Run(1, out var statedOne);
        var two = Run(2, out var statedTwo);
        CollectionAssert.AreEqual(statedOne, statedTwo);
        for (var i = 0; i < one.Length; i++)
        {
            CollectionAssert.AreEqual(one[i], two[i], $"patient {i}");
        }

        Assert.IsTrue(one.Any(a => a.Distinct().Count() > 1 || a[0] != one[0][0]), "some decision must vary, or the comparison shows nothing");
    }

    [TestMethod]
    public void EpisodeStateStartsAfreshAtCycleZero()
    {
        var patients = Patients(3, seed: 9);
        var twins = patients.Select(p => p.Truth.Parameters).ToArray();
        var method = new TwinMpcMethod(Small());
        method.Fit(new StudyData([], [], [], []), 4);
        var policy = method.Prepare(patients.Select(p => p.Observed).ToList()).Policy;

        var first = RunEpisode(policy, twins, Dice(twins.Length, 1), out _);
        RunEpisode(policy, twins, Dice(twins.Length, 2), out _);
        var again = RunEpisode(policy, twins, Dice(twins.Length, 1), out _);
        for (var i = 0; i < first.Length; i++)
        {
            CollectionAssert.AreEqual(first[i], again[i], $"patient {i}: a replicate must not depend on the episodes before it");
        }

        Assert.Throws<InvalidOperationException>(() =>
        {
            var fresh = method.Prepare(patients.Select(p => p.Observed).ToList()).Policy;
            fresh.Decide(2, new double[twins.Length * TwinObservation.Size], new bool[twins.Length], new int[twins.Length]);
        }, "an episode must start at cycle 0");
    }

    [TestMethod]
    public void DecisionsDependOnlyOnTheObservationsAndThePreparedRecords()
    {
        var patients = Patients(3, seed: 12);
        var records = patients.Select(p => p.Observed).ToList();
        var twins = patients.Select(p => p.Truth.Parameters).ToArray();
        var method = new TwinMpcMethod(Small());
        method.Fit(new StudyData([], [], [], []), 8);
        var live = RunEpisode(method.Prepare(records).Policy, twins, Dice(twins.Length, 3), out var seen);

        // The same observations fed to a fresh policy without any environment give the same actions.
        var replay = method.Prepare(records).Policy;
        var n = twins.Length;
        var actions = new int[n];
        var replayed = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        foreach (var (cycle, observations, done) in seen)
        {
            replay.Decide(cycle, observations, done, actions);
            for (var i = 0; i < n; i++)
            {
                if (!done[i])
                {
                    replayed[i].Add(actions[i]);
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            CollectionAssert.AreEqual(live[i], replayed[i].ToArray(), $"patient {i}");
        }

        // Nothing the method or its policy holds can carry a true twin or a study patient.
        foreach (var type in new[] { typeof(TwinMpcMethod), typeof(TwinMpcPolicy), typeof(TwinMpcPlanner), typeof(BiomarkerPosteriorSource) })
        {
            foreach (var field in type.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public))
            {
                Assert.IsFalse(Carries(field.FieldType, typeof(StudyPatient)) || Carries(field.FieldType, typeof(NsclcParameters)),
                    $"{type.Name}.{field.Name} ({field.FieldType.Name}) could hold ground truth");
            }
        }
    }

    [TestMethod]
    public void TheTreeSearchAllocatesNothingPerSimulatedStep()
    {
        var options = Small();
        var environment = TwinMpcPlanner.SearchEnvironment(options);
        var library = new PlanLibrary(environment.Simulation.Actions, environment.Cycles);
        var planner = new TwinMpcPlanner(library, options);
        var plans = planner.RemainingPlans([]);
        var root = new NsclcBatchSimulator(options.Samples, environment.Simulation);
        root.Reset(Enumerable.Repeat(NsclcParameters.Typical, options.Samples).ToArray(), TwinMpcMethod.SampleSeeds(1, 0, options.Samples));
        var search = new PlanTreeSearch(environment, library.BlockCycles);
        var reward = new double[plans.Count];
        var severe = new double[plans.Count];
        var cost = new double[plans.Count];
        search.Evaluate(root, plans, reward, severe, cost); // grows the buffers

        var before = GC.GetAllocatedBytesForCurrentThread();
        search.Evaluate(root, plans, reward, severe, cost);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.IsGreaterThan(100_000L, search.SimulatedDays, "the search must simulate something");
        Assert.IsLessThan(1_024L, allocated, $"{allocated} bytes for {search.SimulatedDays:N0} simulated patient-days");
    }

    [TestMethod]
    public void InvalidOptionsNameTheField()
    {
        var error = Assert.Throws<ArgumentException>(() => new TwinMpcOptions { Samples = 4, ScreeningSamples = 5 }.Validate());
        StringAssert.Contains(error.Message, nameof(TwinMpcOptions.ScreeningSamples));
        error = Assert.Throws<ArgumentException>(() => new TwinMpcOptions { SearchStepSize = 0.3 }.Validate());
        StringAssert.Contains(error.Message, nameof(TwinMpcOptions.SearchStepSize));
    }

    private static bool Carries(Type type, Type target) =>
        type == target || (type.IsArray && Carries(type.GetElementType()!, target)) || (type.IsGenericType && type.GetGenericArguments().Any(t => Carries(t, target)));

    private static ulong[] Dice(int count, int replicate) => Enumerable.Range(0, count).Select(i => 0xD1CE_0000UL + (ulong)(100 * replicate + i)).ToArray();

    private static int[] Blocks(PlanLibrary library, int plan) =>
        Enumerable.Range(0, library.Cycles / library.BlockCycles).Select(b => library.ActionAt(plan, b * library.BlockCycles)).ToArray();

    // Every plan of the library as its own batch members, simulated from day 0 without sharing anything.
    private static (double[] Reward, double[] Severe, double[] Response) Exhaustive(PlanLibrary library, TwinEnvironmentOptions environment, NsclcParameters twin, ulong[] seeds)
    {
        var m = seeds.Length;
        var n = library.Count * m;
        var env = new BatchedTwinEnvironment(n, environment);
        var twins = Enumerable.Repeat(twin, n).ToArray();
        var slotSeeds = Enumerable.Range(0, n).Select(s => seeds[s % m]).ToArray();
        var observations = new double[n * env.ObservationSize];
        var rewards = new double[n];
        var costs = new double[n];
        var done = new bool[n];
        var actions = new int[n];
        var total = new double[n];
        var severe = new bool[n];
        env.Reset(twins, slotSeeds, observations);
        for (var cycle = 0; cycle < environment.Cycles; cycle++)
        {
            for (var s = 0; s < n; s++)
            {
                actions[s] = library.ActionAt(s / m, cycle);
            }

            env.Step(actions, observations, rewards, costs, done);
            for (var s = 0; s < n; s++)
            {
                total[s] += rewards[s];
                severe[s] |= env.SevereToxicity[s];
            }
        }

        var reward = new double[library.Count];
        var severeShare = new double[library.Count];
        var response = new double[library.Count];
        for (var p = 0; p < library.Count; p++)
        {
            for (var k = 0; k < m; k++)
            {
                var s = p * m + k;
                reward[p] += total[s] / m;
                severeShare[p] += severe[s] ? 1.0 / m : 0;
                response[p] += env.Simulator.BestResponse[s] is RecistResponse.CompleteResponse or RecistResponse.PartialResponse ? 1.0 / m : 0;
            }
        }

        return (reward, severeShare, response);
    }

    // One episode on the given twins and dice; returns the actions per patient and every (cycle, observations, done) the policy saw.
    private static int[][] RunEpisode(ITreatmentPolicy policy, NsclcParameters[] twins, ulong[] dice, out List<(int, double[], bool[])> seen)
    {
        var n = twins.Length;
        var env = new BatchedTwinEnvironment(n, Environment);
        var observations = new double[n * env.ObservationSize];
        var rewards = new double[n];
        var costs = new double[n];
        var done = new bool[n];
        var actions = new int[n];
        var taken = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        seen = [];
        env.Reset(twins, dice, observations);
        for (var cycle = 0; cycle < Environment.Cycles; cycle++)
        {
            seen.Add((cycle, (double[])observations.Clone(), (bool[])done.Clone()));
            policy.Decide(cycle, observations, done, actions);
            for (var i = 0; i < n; i++)
            {
                if (!done[i])
                {
                    taken[i].Add(actions[i]);
                }
            }

            env.Step(actions, observations, rewards, costs, done);
        }

        return taken.Select(t => t.ToArray()).ToArray();
    }
}
