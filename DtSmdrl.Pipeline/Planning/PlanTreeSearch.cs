using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Planning;

/// <summary>
/// Values a set of block-constant plans from one decision point on the twin samples of a root simulator, with the
/// plans' common prefixes simulated once: the plans form a tree over blocks, each tree level is one batched
/// simulator (slot = node x sample) branched from the level above (<see cref="NsclcBatchSimulator.BranchFrom"/>), so
/// every block of every node is simulated once per sample; the last level runs the follow-up under hold, as the
/// environment does. All plans face the same dice on a sample (common random numbers).
/// </summary>
/// <remarks>
/// A plan's value on a sample is the reward from the decision point to the end of follow-up (rewards before it are
/// the same for every plan); its severe-event probability is the share of samples with a severe event in that span.
/// Samples that died before the decision point contradict the observation that the patient is on study and are left
/// out (all samples count when every one died). Buffers grow to the largest tree seen and are then reused: nothing is
/// allocated per simulated step. One instance per thread.
/// </remarks>
public sealed class PlanTreeSearch
{
    private readonly TwinEnvironmentOptions environment;
    private readonly int blockCycles;
    private readonly int holdAction;
    private readonly List<Level> levels = [];
    private readonly Dictionary<(int Parent, int Action), int> nodeIndex = [];
    private int[] planLeaf = [];
    private int[] planFirst = [];
    private int leafLevel = -1;
    private int samples;

    /// <param name="environment">The episode settings with the search's solver step.</param>
    /// <param name="blockCycles">Cycles per block (the plan library's).</param>
    public PlanTreeSearch(TwinEnvironmentOptions environment, int blockCycles)
    {
        this.environment = environment ?? throw new ArgumentNullException(nameof(environment));
        ArgumentOutOfRangeException.ThrowIfLessThan(blockCycles, 1);
        this.blockCycles = blockCycles;
        holdAction = -1;
        var actions = environment.Simulation.Actions;
        for (var a = 0; a < actions.Count; a++)
        {
            if (actions[a] is { Chemotherapy: 0, Targeted: 0, Immunotherapy: 0 })
            {
                holdAction = a;
                break;
            }
        }

        if (holdAction < 0 && environment.FollowUpDay > environment.Cycles * NsclcTwinModel.CycleDays)
        {
            throw new ArgumentException("The action set has no all-zero ('hold') action, which the follow-up needs.");
        }
    }

    /// <summary>Simulated patient-days of the last <see cref="Evaluate"/> (a cost measure).</summary>
    public long SimulatedDays { get; private set; }

    /// <summary>
    /// Values <paramref name="plans"/> (each the block actions of the remaining blocks, all the same length) on the
    /// root simulator's patients (the samples, at the decision point).
    /// </summary>
    /// <param name="root">Simulator holding the samples at the decision point; not changed.</param>
    /// <param name="plans">Remaining plans as block actions.</param>
    /// <param name="meanReward">Output per plan: mean reward from the decision point to the end of follow-up.</param>
    /// <param name="severeProbability">Output per plan: share of samples with a severe event from the decision point on.</param>
    /// <param name="meanCost">Output per plan: mean toxicity cost from the decision point on (a graded view of the same risk).</param>
    public void Evaluate(NsclcBatchSimulator root, IReadOnlyList<int[]> plans, Span<double> meanReward, Span<double> severeProbability, Span<double> meanCost)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(plans);
        if (plans.Count == 0 || meanReward.Length < plans.Count || severeProbability.Length < plans.Count || meanCost.Length < plans.Count)
        {
            throw new ArgumentException($"Need at least one plan and output room for {plans.Count}.", nameof(plans));
        }

        var blocks = plans[0].Length;
        for (var p = 0; p < plans.Count; p++)
        {
            if (blocks < 1 || plans[p].Length != blocks)
            {
                throw new ArgumentException($"Every plan needs the same number (>= 1) of remaining blocks; plan {p} has {plans[p].Length}, plan 0 {blocks}.", nameof(plans));
            }
        }

        samples = root.Count;
        BuildTree(plans, blocks);
        SimulatedDays = 0;
        var parent = root;
        bool[]? parentSevere = null;
        for (var b = 0; b < blocks; b++)
        {
            var level = levels[b];
            var slots = level.Nodes * samples;
            level.Ensure(slots, environment.Simulation);
            for (var k = 0; k < level.Nodes; k++)
            {
                var from = level.Parent[k] * samples;
                for (var m = 0; m < samples; m++)
                {
                    var slot = k * samples + m;
                    level.Source[slot] = from + m;
                    level.Actions[slot] = level.Action[k];
                    level.Severe[slot] = parentSevere is not null && parentSevere[from + m];
                }
            }

            var sim = level.Simulator!;
            sim.BranchFrom(parent, level.Source.AsSpan(0, slots));
            var actions = level.Actions.AsSpan(0, slots);
            for (var c = 0; c < blockCycles; c++)
            {
                Advance(level, actions, (int)NsclcTwinModel.CycleDays);
            }

            if (b == blocks - 1)
            {
                actions.Fill(Math.Max(holdAction, 0));
                while (sim.Day < environment.FollowUpDay)
                {
                    Advance(level, actions, Math.Min((int)NsclcTwinModel.CycleDays, environment.FollowUpDay - sim.Day));
                }
            }

            parent = sim;
            parentSevere = level.Severe;
        }

        leafLevel = blocks - 1;
        var leaves = levels[leafLevel];
        var rootAlive = root.Alive;
        var rootReward = root.EpisodeReward;
        var counted = 0;
        for (var m = 0; m < samples; m++)
        {
            counted += rootAlive[m] ? 1 : 0;
        }

        var everyone = counted == 0;
        if (everyone)
        {
            counted = samples;
        }

        var leafReward = leaves.Simulator!.EpisodeReward;
        var leafCost = leaves.Simulator.EpisodeCost;
        var rootCost = root.EpisodeCost;
        for (var p = 0; p < plans.Count; p++)
        {
            double reward = 0, severe = 0, cost = 0;
            var first = planLeaf[p] * samples;
            for (var m = 0; m < samples; m++)
            {
                if (!everyone && !rootAlive[m])
                {
                    continue;
                }

                reward += leafReward[first + m] - rootReward[m];
                cost += leafCost[first + m] - rootCost[m];
                severe += leaves.Severe[first + m] ? 1 : 0;
            }

            meanReward[p] = reward / counted;
            severeProbability[p] = severe / counted;
            meanCost[p] = cost / counted;
        }
    }

    /// <summary>Share of the counted samples on which plan <paramref name="plan"/> of the last <see cref="Evaluate"/> call gave CR or PR.</summary>
    public double ResponseShare(NsclcBatchSimulator root, int plan)
    {
        if (leafLevel < 0 || (uint)plan >= (uint)planLeaf.Length)
        {
            throw new InvalidOperationException("Call Evaluate first, with the plan among those valued.");
        }

        var leaves = levels[leafLevel].Simulator!;
        var best = leaves.BestResponse;
        var alive = root.Alive;
        var anyAlive = false;
        for (var m = 0; m < samples; m++)
        {
            anyAlive |= alive[m];
        }

        int responses = 0, counted = 0;
        var first = planLeaf[plan] * samples;
        for (var m = 0; m < samples; m++)
        {
            if (anyAlive && !alive[m])
            {
                continue;
            }

            counted++;
            responses += best[first + m] is RecistResponse.CompleteResponse or RecistResponse.PartialResponse ? 1 : 0;
        }

        return (double)responses / counted;
    }

    /// <summary>
    /// Share of the counted samples on which plan <paramref name="plan"/> of the last <see cref="Evaluate"/> call had a
    /// severe event in its first block (through the follow-up when it has only one block): the risk the decision spends
    /// by executing that block, which <see cref="TwinMpcPolicy"/> adds up over the episode.
    /// </summary>
    public double FirstBlockSevereShare(NsclcBatchSimulator root, int plan)
    {
        if (leafLevel < 0 || (uint)plan >= (uint)planFirst.Length)
        {
            throw new InvalidOperationException("Call Evaluate first, with the plan among those valued.");
        }

        var first = levels[0].Severe;
        var alive = root.Alive;
        var anyAlive = false;
        for (var m = 0; m < samples; m++)
        {
            anyAlive |= alive[m];
        }

        int severe = 0, counted = 0;
        var start = planFirst[plan] * samples;
        for (var m = 0; m < samples; m++)
        {
            if (anyAlive && !alive[m])
            {
                continue;
            }

            counted++;
            severe += first[start + m] ? 1 : 0;
        }

        return (double)severe / counted;
    }

    private void Advance(Level level, ReadOnlySpan<int> actions, int days)
    {
        var sim = level.Simulator!;
        sim.Advance(actions, days);
        SimulatedDays += (long)days * actions.Length;
        var severe = sim.SevereToxicity;
        for (var i = 0; i < actions.Length; i++)
        {
            level.Severe[i] |= severe[i];
        }
    }

    // Level b holds the distinct plan prefixes of length b + 1; node k of a level has a parent node in the level above (the root for level 0).
    private void BuildTree(IReadOnlyList<int[]> plans, int blocks)
    {
        while (levels.Count < blocks)
        {
            levels.Add(new Level());
        }

        if (planLeaf.Length != plans.Count)
        {
            planLeaf = new int[plans.Count];
            planFirst = new int[plans.Count];
        }

        for (var b = 0; b < blocks; b++)
        {
            var level = levels[b];
            level.Nodes = 0;
            nodeIndex.Clear();
            for (var p = 0; p < plans.Count; p++)
            {
                var parentNode = b == 0 ? 0 : planLeaf[p];
                var key = (parentNode, plans[p][b]);
                if (!nodeIndex.TryGetValue(key, out var node))
                {
                    node = level.AddNode(parentNode, plans[p][b]);
                    nodeIndex[key] = node;
                }

                planLeaf[p] = node;
                if (b == 0)
                {
                    planFirst[p] = node;
                }
            }
        }
    }

    private sealed class Level
    {
        public int Nodes;
        public int[] Parent = new int[8];
        public int[] Action = new int[8];
        public int[] Source = [];
        public int[] Actions = [];
        public bool[] Severe = [];
        public NsclcBatchSimulator? Simulator;

        public int AddNode(int parent, int action)
        {
            if (Nodes == Parent.Length)
            {
                Array.Resize(ref Parent, Nodes * 2);
                Array.Resize(ref Action, Nodes * 2);
            }

            Parent[Nodes] = parent;
            Action[Nodes] = action;
            return Nodes++;
        }

        public void Ensure(int slots, NsclcSimulationOptions options)
        {
            if (Simulator is not null && Simulator.Capacity >= slots)
            {
                return;
            }

            Simulator = new NsclcBatchSimulator(slots, options);
            Source = new int[slots];
            Actions = new int[slots];
            Severe = new bool[slots];
        }
    }
}
