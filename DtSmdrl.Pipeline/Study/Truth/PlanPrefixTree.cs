namespace DtSmdrl.Pipeline.Study.Truth;

/// <summary>
/// Block-constant plans as a tree of their distinct prefixes, one level per block, for searches that simulate a shared
/// prefix once (<see cref="PerfectInformationPlanner"/>, <see cref="PerfectInformationContinuation"/>). Nodes are numbered
/// per level in first-appearance order over the plans.
/// </summary>
/// <param name="Parent">Per level, each node's parent node one level up (0, the root, for the first level).</param>
/// <param name="Action">Per level, the action of each node's block.</param>
/// <param name="LeafOfPlan">Each plan's node on the last level.</param>
public sealed record PlanPrefixTree(int[][] Parent, int[][] Action, int[] LeafOfPlan)
{
    /// <summary>The tree of <paramref name="planCount"/> plans of <paramref name="blocks"/> blocks each.</summary>
    /// <param name="planCount">Number of plans.</param>
    /// <param name="blocks">Blocks per plan (the tree's levels).</param>
    /// <param name="actionCount">Number of distinct actions (a prefix is encoded in base <paramref name="actionCount"/>).</param>
    /// <param name="actionOf">The action of plan p in block b: actionOf(p, b).</param>
    public static PlanPrefixTree Build(int planCount, int blocks, int actionCount, Func<int, int, int> actionOf)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(planCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 1);
        ArgumentNullException.ThrowIfNull(actionOf);
        var parents = new int[blocks][];
        var actions = new int[blocks][];
        var nodeOfPlan = new int[planCount];
        var prefix = new long[planCount];
        for (var level = 0; level < blocks; level++)
        {
            var nodes = new Dictionary<long, int>();
            var levelParents = new List<int>();
            var levelActions = new List<int>();
            for (var p = 0; p < planCount; p++)
            {
                var action = actionOf(p, level);
                prefix[p] = prefix[p] * actionCount + action;
                if (!nodes.TryGetValue(prefix[p], out var node))
                {
                    node = nodes.Count;
                    nodes[prefix[p]] = node;
                    levelParents.Add(level == 0 ? 0 : nodeOfPlan[p]);
                    levelActions.Add(action);
                }
                nodeOfPlan[p] = node;
            }
            parents[level] = levelParents.ToArray();
            actions[level] = levelActions.ToArray();
        }
        return new PlanPrefixTree(parents, actions, nodeOfPlan);
    }
}
