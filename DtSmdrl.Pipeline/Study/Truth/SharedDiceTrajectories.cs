using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Study.Truth;

/// <summary>
/// R replicates (dice seeds) of one patient under each of several nodes (plans or plan prefixes), simulated once per
/// distinct event history instead of once per replicate, with results identical to an <see cref="NsclcBatchSimulator"/>
/// slot per (node, replicate).
/// </summary>
/// <remarks>
/// Replicates of one patient under one plan differ only through their dice. The irAE and targeted-therapy draws at a
/// cycle start change the trajectory, so replicates whose draws agree share a trajectory (a group, one simulator slot
/// with death off) and a group splits at a cycle start where its replicates' draws differ
/// (<see cref="NsclcBatchSimulator.NextCycleEvents"/>). The other dice only change the accounting, done here per
/// replicate from the shared trajectory: the death threshold (the cumulative hazard H is non-decreasing, so a replicate
/// dies in a cycle exactly when H at the cycle end has reached its threshold; that cycle is then re-simulated for it
/// alone with death on, for its exact day counts and severe flag up to the death step) and the SLD measurement noise
/// (its own scans of the shared true SLD decide RECIST progression, hence TWiST versus relapse days). Toxicity and
/// well days and the cycle's severe flag are the group's for every replicate that survives the cycle. Dead replicates
/// leave their group; a group with none left is no longer simulated. Allocates nothing after construction.
/// </remarks>
public sealed class SharedDiceTrajectories
{
    private readonly NsclcSimulationOptions options;
    private readonly int replicates;
    private readonly int maxNodes;
    private readonly int stepsPerDay;
    private NsclcBatchSimulator groups;
    private NsclcBatchSimulator splitGroups;
    private readonly NsclcBatchSimulator deathCycles;
    private readonly NsclcParameters[] twins;
    private readonly ulong[] slotSeeds;

    // Groups: slot s of `groups` holds node slotNode[s] and the replicates members[slotFirst[s] .. + slotSize[s]).
    private int slots;
    private int[] slotNode;
    private int[] slotFirst;
    private int[] slotSize;
    private int[] members;
    private int[] nextSlotNode;
    private int[] nextSlotFirst;
    private int[] nextSlotSize;
    private int[] nextMembers;
    private readonly int[] nodeSlotStart;
    private readonly int[] sourceSlot;
    private readonly int[] slotAction;
    private readonly double[] toxicityBefore;
    private readonly double[] wellBefore;
    private readonly int[] subgroupOfMember;
    private readonly NsclcEventWindows[] subgroupWindows;
    private readonly int[] dyingSource;
    private readonly int[] dyingMember;
    private readonly int[] dyingAction;

    // Per replicate r: its dice. Per (node n, replicate r) at n * R + r: its accounting.
    private readonly ulong[] seeds;
    private readonly double[] deathThreshold;
    private readonly double[] baselineSld;
    private readonly bool[] alive;
    private readonly double[] nadirSld;
    private readonly bool[] progressed;
    private readonly double[] toxicityDays;
    private readonly double[] twistDays;
    private readonly double[] relapseDays;
    private readonly bool[] severeEver;

    /// <param name="maxNodes">Most nodes this instance will hold.</param>
    /// <param name="replicates">R, the replicates per node.</param>
    /// <param name="options">The simulator settings (as the per-replicate simulation would use them).</param>
    public SharedDiceTrajectories(int maxNodes, int replicates, NsclcSimulationOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNodes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicates, 1);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.maxNodes = maxNodes;
        this.replicates = replicates;
        stepsPerDay = (int)Math.Round(1.0 / options.StepSize);
        var cells = maxNodes * replicates;
        // Group trajectories never die: each replicate's death is its own accounting.
        var shared = options with { DeathEnabled = false };
        groups = new NsclcBatchSimulator(cells, shared);
        splitGroups = new NsclcBatchSimulator(cells, shared);
        deathCycles = new NsclcBatchSimulator(cells, options);
        twins = new NsclcParameters[maxNodes];
        slotSeeds = new ulong[maxNodes];
        slotNode = new int[cells];
        slotFirst = new int[cells];
        slotSize = new int[cells];
        members = new int[cells];
        nextSlotNode = new int[cells];
        nextSlotFirst = new int[cells];
        nextSlotSize = new int[cells];
        nextMembers = new int[cells];
        nodeSlotStart = new int[maxNodes + 1];
        sourceSlot = new int[cells];
        slotAction = new int[cells];
        toxicityBefore = new double[cells];
        wellBefore = new double[cells];
        subgroupOfMember = new int[replicates];
        subgroupWindows = new NsclcEventWindows[replicates];
        dyingSource = new int[cells];
        dyingMember = new int[cells];
        dyingAction = new int[cells];
        seeds = new ulong[replicates];
        deathThreshold = new double[replicates];
        baselineSld = new double[replicates];
        alive = new bool[cells];
        nadirSld = new double[cells];
        progressed = new bool[cells];
        toxicityDays = new double[cells];
        twistDays = new double[cells];
        relapseDays = new double[cells];
        severeEver = new bool[cells];
    }

    /// <summary>R, the replicates per node.</summary>
    public int Replicates => replicates;

    /// <summary>Nodes since the last <see cref="Reset"/> or <see cref="BranchFrom"/>.</summary>
    public int Nodes { get; private set; }

    /// <summary>Current day.</summary>
    public int Day { get; private set; }

    /// <summary>Distinct trajectories being simulated (groups with a living replicate).</summary>
    public int Trajectories => slots;

    /// <summary>Group-cycles simulated since construction (the cost; a per-replicate simulation needs nodes x R per cycle).</summary>
    public long SimulatedGroupCycles { get; private set; }

    /// <summary>Node-cycles advanced since construction (divides <see cref="SimulatedGroupCycles"/> into trajectories per node).</summary>
    public long NodeCycles { get; private set; }

    /// <summary>Death cycles re-simulated for one replicate since construction.</summary>
    public long DeathCycles { get; private set; }

    /// <summary>
    /// Starts <paramref name="nodeCount"/> nodes of the patient <paramref name="twin"/> on day 0, each with the replicates
    /// of <paramref name="noiseSeeds"/> (one per replicate, as <see cref="NsclcBatchSimulator.Reset"/> would get them).
    /// </summary>
    public void Reset(in NsclcParameters twin, ReadOnlySpan<ulong> noiseSeeds, int nodeCount)
    {
        if (noiseSeeds.Length != replicates)
            throw new ArgumentException($"{replicates} replicates but {noiseSeeds.Length} seeds.", nameof(noiseSeeds));
        if (nodeCount < 1 || nodeCount > maxNodes)
            throw new ArgumentOutOfRangeException(nameof(nodeCount), nodeCount, $"Between 1 and {maxNodes} nodes.");
        for (var n = 0; n < nodeCount; n++)
        {
            twins[n] = twin;
            slotSeeds[n] = noiseSeeds[0];
        }
        groups.Reset(twins.AsSpan(0, nodeCount), slotSeeds.AsSpan(0, nodeCount));
        var trueSld = groups.TrueSld(0);
        for (var r = 0; r < replicates; r++)
        {
            seeds[r] = noiseSeeds[r];
            deathThreshold[r] = options.DeathEnabled ? CounterRandom.Exponential(seeds[r], CounterRandom.DeathStream, 0) : double.PositiveInfinity;
            baselineSld[r] = NsclcBatchSimulator.ObservedSld(options, seeds[r], trueSld, 0);
        }

        Nodes = nodeCount;
        Day = 0;
        slots = nodeCount;
        for (var n = 0; n < nodeCount; n++)
        {
            slotNode[n] = n;
            slotFirst[n] = n * replicates;
            slotSize[n] = replicates;
            for (var r = 0; r < replicates; r++)
            {
                var cell = n * replicates + r;
                members[cell] = r;
                alive[cell] = true;
                nadirSld[cell] = baselineSld[r];
                progressed[cell] = false;
                toxicityDays[cell] = 0;
                twistDays[cell] = 0;
                relapseDays[cell] = 0;
                severeEver[cell] = false;
            }
        }
    }

    /// <summary>
    /// Makes node n here a copy of node <c>parentNodes[n]</c> of <paramref name="parent"/> (its groups, its replicates'
    /// accounting, the day): a tree search branches every prefix into its children this way.
    /// </summary>
    public void BranchFrom(SharedDiceTrajectories parent, ReadOnlySpan<int> parentNodes)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (parent.replicates != replicates || parent.options != options)
            throw new ArgumentException("A branch needs the same replicates and simulator settings as its parent.", nameof(parent));
        if (parentNodes.Length < 1 || parentNodes.Length > maxNodes)
            throw new ArgumentException($"A branch needs between 1 and {maxNodes} nodes, got {parentNodes.Length}.", nameof(parentNodes));
        parent.IndexSlotsByNode();
        Nodes = parentNodes.Length;
        Day = parent.Day;
        parent.seeds.AsSpan().CopyTo(seeds);
        parent.deathThreshold.AsSpan().CopyTo(deathThreshold);
        parent.baselineSld.AsSpan().CopyTo(baselineSld);
        slots = 0;
        var used = 0;
        for (var n = 0; n < parentNodes.Length; n++)
        {
            var from = parentNodes[n];
            if ((uint)from >= (uint)parent.Nodes)
                throw new ArgumentOutOfRangeException(nameof(parentNodes), from, $"Parent node must be in [0, {parent.Nodes}).");
            Array.Copy(parent.alive, from * replicates, alive, n * replicates, replicates);
            Array.Copy(parent.nadirSld, from * replicates, nadirSld, n * replicates, replicates);
            Array.Copy(parent.progressed, from * replicates, progressed, n * replicates, replicates);
            Array.Copy(parent.toxicityDays, from * replicates, toxicityDays, n * replicates, replicates);
            Array.Copy(parent.twistDays, from * replicates, twistDays, n * replicates, replicates);
            Array.Copy(parent.relapseDays, from * replicates, relapseDays, n * replicates, replicates);
            Array.Copy(parent.severeEver, from * replicates, severeEver, n * replicates, replicates);
            for (var s = parent.nodeSlotStart[from]; s < parent.nodeSlotStart[from + 1]; s++)
            {
                if (parent.slotSize[s] == 0) continue; // all its replicates died
                sourceSlot[slots] = s;
                slotNode[slots] = n;
                slotFirst[slots] = used;
                slotSize[slots] = parent.slotSize[s];
                Array.Copy(parent.members, parent.slotFirst[s], members, used, parent.slotSize[s]);
                used += parent.slotSize[s];
                slots++;
            }
        }

        if (slots > 0) groups.BranchFrom(parent.groups, sourceSlot.AsSpan(0, slots));
    }

    // Slots are kept ordered by node (Reset, BranchFrom and the splits all append node by node), so node n's groups
    // are the slots nodeSlotStart[n] .. nodeSlotStart[n + 1] - 1.
    private void IndexSlotsByNode()
    {
        var s = 0;
        for (var n = 0; n < Nodes; n++)
        {
            nodeSlotStart[n] = s;
            while (s < slots && slotNode[s] == n) s++;
        }
        nodeSlotStart[Nodes] = s;
        if (s != slots) throw new InvalidOperationException("The groups lost their node order.");
    }

    /// <summary>
    /// Advances every node one cycle of <paramref name="days"/> days under its action (<paramref name="nodeActions"/>,
    /// one per node), as <see cref="NsclcBatchSimulator.Advance"/> would advance each (node, replicate).
    /// </summary>
    public void Advance(ReadOnlySpan<int> nodeActions, int days)
    {
        if (Nodes == 0) throw new InvalidOperationException("Call Reset or BranchFrom before Advance.");
        if (nodeActions.Length != Nodes)
            throw new ArgumentException($"{Nodes} nodes but {nodeActions.Length} actions.", nameof(nodeActions));
        if (days is < 1 or > 21) throw new ArgumentOutOfRangeException(nameof(days), days, "A cycle lasts 1 to 21 days.");
        NodeCycles += Nodes;
        if (slots == 0)
        {
            Day += days; // every replicate is dead: nothing changes any more
            return;
        }
        // (Groups whose replicates all died in the last cycle are dropped by the split.)

        var nextSlots = SplitByEventDraws(nodeActions, days);
        if (nextSlots == 0)
        {
            slots = 0;
            Day += days;
            return;
        }

        for (var k = 0; k < nextSlots; k++)
        {
            toxicityBefore[k] = splitGroups.ToxicityDays[k];
            wellBefore[k] = splitGroups.TwistDays[k] + splitGroups.RelapseDays[k];
        }
        splitGroups.Advance(slotAction.AsSpan(0, nextSlots), days);
        SimulatedGroupCycles += nextSlots;

        var dying = 0;
        var endDay = Day + days;
        var scan = endDay % options.ScanIntervalDays == 0;
        var hazard = splitGroups.StateVariable(NsclcState.H);
        var tox = splitGroups.ToxicityDays;
        var twist = splitGroups.TwistDays;
        var rel = splitGroups.RelapseDays;
        var severe = splitGroups.SevereToxicity;
        for (var k = 0; k < nextSlots; k++)
        {
            var toxicity = tox[k] - toxicityBefore[k];
            var well = twist[k] + rel[k] - wellBefore[k];
            var trueSld = scan ? splitGroups.TrueSld(k) : 0.0;
            var kept = 0;
            for (var m = 0; m < nextSlotSize[k]; m++)
            {
                var r = nextMembers[nextSlotFirst[k] + m];
                var cell = nextSlotNode[k] * replicates + r;
                if (hazard[k] >= deathThreshold[r])
                {
                    dyingSource[dying] = sourceSlot[k];
                    dyingMember[dying] = cell;
                    dyingAction[dying] = slotAction[k];
                    dying++;
                    continue;
                }

                toxicityDays[cell] += toxicity;
                if (progressed[cell]) relapseDays[cell] += well;
                else twistDays[cell] += well;
                severeEver[cell] |= severe[k];
                if (scan) Scan(cell, r, trueSld, (ulong)(endDay / options.ScanIntervalDays));
                nextMembers[nextSlotFirst[k] + kept++] = r;
            }
            nextSlotSize[k] = kept;
        }

        if (dying > 0) ResimulateDeaths(dying, days);

        (groups, splitGroups) = (splitGroups, groups);
        (slotNode, nextSlotNode) = (nextSlotNode, slotNode);
        (slotFirst, nextSlotFirst) = (nextSlotFirst, slotFirst);
        (slotSize, nextSlotSize) = (nextSlotSize, slotSize);
        (members, nextMembers) = (nextMembers, members);
        slots = nextSlots;
        Day = endDay;
    }

    /// <summary>Toxicity days of replicate <c>r</c> under node <c>n</c> at index n x R + r (one per node and replicate).</summary>
    public ReadOnlySpan<double> ToxicityDays => toxicityDays.AsSpan(0, Nodes * replicates);

    /// <summary>TWiST days, indexed as <see cref="ToxicityDays"/>.</summary>
    public ReadOnlySpan<double> TwistDays => twistDays.AsSpan(0, Nodes * replicates);

    /// <summary>Relapse days, indexed as <see cref="ToxicityDays"/>.</summary>
    public ReadOnlySpan<double> RelapseDays => relapseDays.AsSpan(0, Nodes * replicates);

    /// <summary>Whether a severe event has occurred, indexed as <see cref="ToxicityDays"/>.</summary>
    public ReadOnlySpan<bool> SevereToxicityEver => severeEver.AsSpan(0, Nodes * replicates);

    /// <summary>Whether the replicate is alive, indexed as <see cref="ToxicityDays"/>.</summary>
    public ReadOnlySpan<bool> Alive => alive.AsSpan(0, Nodes * replicates);

    // Splits every group by its members' draws at this cycle start into the next slots (each on the dice of its first
    // member, so the simulator's own draws give the group's windows), branches them into splitGroups; returns their count.
    private int SplitByEventDraws(ReadOnlySpan<int> nodeActions, int days)
    {
        var nextSlots = 0;
        var used = 0;
        for (var s = 0; s < slots; s++)
        {
            if (slotSize[s] == 0) continue; // all its replicates died
            var action = nodeActions[slotNode[s]];
            var subgroups = 0;
            for (var m = 0; m < slotSize[s]; m++)
            {
                var windows = groups.NextCycleEvents(s, seeds[members[slotFirst[s] + m]], action, days);
                var g = 0;
                while (g < subgroups && subgroupWindows[g] != windows) g++;
                if (g == subgroups) subgroupWindows[subgroups++] = windows;
                subgroupOfMember[m] = g;
            }

            for (var g = 0; g < subgroups; g++)
            {
                sourceSlot[nextSlots] = s;
                slotAction[nextSlots] = action;
                nextSlotNode[nextSlots] = slotNode[s];
                nextSlotFirst[nextSlots] = used;
                for (var m = 0; m < slotSize[s]; m++)
                    if (subgroupOfMember[m] == g) nextMembers[used++] = members[slotFirst[s] + m];
                nextSlotSize[nextSlots] = used - nextSlotFirst[nextSlots];
                nextSlots++;
            }
        }

        if (nextSlots == 0) return 0;
        splitGroups.BranchFrom(groups, sourceSlot.AsSpan(0, nextSlots));
        for (var k = 0; k < nextSlots; k++) splitGroups.ReplaceDice(k, seeds[nextMembers[nextSlotFirst[k]]]);
        return nextSlots;
    }

    // The cycle of each replicate that died in it, re-simulated from its group's state at the cycle start on its own
    // dice with death on: its days up to the death and the cycle's severe flag up to the death step.
    private void ResimulateDeaths(int dying, int days)
    {
        deathCycles.BranchFrom(groups, dyingSource.AsSpan(0, dying));
        for (var j = 0; j < dying; j++)
        {
            deathCycles.ReplaceDice(j, seeds[dyingMember[j] % replicates]);
            toxicityBefore[j] = deathCycles.ToxicityDays[j];
            wellBefore[j] = deathCycles.TwistDays[j] + deathCycles.RelapseDays[j];
        }
        deathCycles.Advance(dyingAction.AsSpan(0, dying), days);
        DeathCycles += dying;
        for (var j = 0; j < dying; j++)
        {
            var cell = dyingMember[j];
            if (deathCycles.Alive[j])
                throw new InvalidOperationException("A replicate whose threshold the shared hazard passed survived its cycle: the cumulative hazard decreased.");
            var well = deathCycles.TwistDays[j] + deathCycles.RelapseDays[j] - wellBefore[j];
            toxicityDays[cell] += deathCycles.ToxicityDays[j] - toxicityBefore[j];
            if (progressed[cell]) relapseDays[cell] += well;
            else twistDays[cell] += well;
            severeEver[cell] |= deathCycles.SevereToxicity[j];
            alive[cell] = false;
        }
    }

    // The replicate's own scan of the shared true SLD, as the simulator's cycle end does it.
    private void Scan(int cell, int replicate, double trueSld, ulong scanIndex)
    {
        var sld = NsclcBatchSimulator.ObservedSld(options, seeds[replicate], trueSld, scanIndex);
        if (!progressed[cell] && Recist.Classify(baselineSld[replicate], nadirSld[cell], sld) == RecistResponse.ProgressiveDisease)
            progressed[cell] = true;
        nadirSld[cell] = Math.Min(nadirSld[cell], sld);
    }
}
