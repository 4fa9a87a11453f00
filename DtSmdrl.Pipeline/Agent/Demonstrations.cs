namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// An expert's decisions as a policy sees them: one observation row (raw, not normalised), the action mask of that
/// decision and the action the expert took, row-major. The data of <see cref="BehaviourCloning"/>.
/// </summary>
public sealed class Demonstrations
{
    private readonly List<float> rows = [];
    private readonly List<bool> masks = [];
    private readonly List<int> actions = [];

    /// <summary>An empty set for rows of <paramref name="rowSize"/> values and <paramref name="actionCount"/> actions.</summary>
    public Demonstrations(int rowSize, int actionCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(actionCount);
        RowSize = rowSize;
        ActionCount = actionCount;
    }

    /// <summary>Values per observation row.</summary>
    public int RowSize { get; }

    /// <summary>Actions per mask.</summary>
    public int ActionCount { get; }

    /// <summary>Decisions recorded.</summary>
    public int Count => actions.Count;

    /// <summary>Expert actions the mask forbade (not recorded: the policy can never take them).</summary>
    public int Disallowed { get; private set; }

    /// <summary>Observation rows, <see cref="Count"/> x <see cref="RowSize"/>.</summary>
    public IReadOnlyList<float> Rows => rows;

    /// <summary>Action masks, <see cref="Count"/> x <see cref="ActionCount"/>.</summary>
    public IReadOnlyList<bool> Masks => masks;

    /// <summary>The expert's action per decision.</summary>
    public IReadOnlyList<int> Actions => actions;

    /// <summary>Records one decision; an action the mask forbids is counted in <see cref="Disallowed"/> instead.</summary>
    public void Add(ReadOnlySpan<float> row, ReadOnlySpan<bool> mask, int action)
    {
        if (row.Length != RowSize) throw new ArgumentException($"A row has {RowSize} values, got {row.Length}.", nameof(row));
        if (mask.Length != ActionCount) throw new ArgumentException($"A mask has {ActionCount} actions, got {mask.Length}.", nameof(mask));
        ArgumentOutOfRangeException.ThrowIfNegative(action);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(action, ActionCount);
        if (!mask[action])
        {
            Disallowed++;
            return;
        }
        foreach (var v in row) rows.Add(v);
        foreach (var m in mask) masks.Add(m);
        actions.Add(action);
    }

    /// <summary>Share of the decisions that took each action (empty set: zeros).</summary>
    public double[] ActionShares()
    {
        var shares = new double[ActionCount];
        foreach (var a in actions) shares[a]++;
        if (Count > 0) for (var a = 0; a < shares.Length; a++) shares[a] /= Count;
        return shares;
    }
}
