namespace DtSmdrl.Pipeline.Agent;

/// <summary>Accumulates per-environment episode return and cost and collects the episodes that finish.</summary>
internal sealed class EpisodeTracker
{
    private readonly int[] _groups;

    public EpisodeTracker(int[] groups)
    {
        _groups = groups;
        Returns = new double[groups.Length];
        Costs = new double[groups.Length];
        Lengths = new int[groups.Length];
    }

    public double[] Returns { get; private set; }
    public double[] Costs { get; private set; }
    public int[] Lengths { get; private set; }

    /// <summary>Episodes finished since the last <see cref="TakeFinished"/>.</summary>
    public List<EpisodeRecord> Finished { get; } = [];

    public void Record(ReadOnlySpan<float> rewards, ReadOnlySpan<float> costs, ReadOnlySpan<bool> dones)
    {
        for (var i = 0; i < _groups.Length; i++)
        {
            Returns[i] += rewards[i];
            Costs[i] += costs[i];
            Lengths[i]++;
            if (!dones[i])
                continue;
            Finished.Add(new EpisodeRecord(Returns[i], Costs[i], Lengths[i], _groups[i]));
            Returns[i] = 0;
            Costs[i] = 0;
            Lengths[i] = 0;
        }
    }

    public void Clear()
    {
        Array.Clear(Returns);
        Array.Clear(Costs);
        Array.Clear(Lengths);
        Finished.Clear();
    }

    public EpisodeRecord[] TakeFinished()
    {
        var result = Finished.ToArray();
        Finished.Clear();
        return result;
    }

    public void Restore(double[] returns, double[] costs, int[] lengths)
    {
        if (returns.Length != _groups.Length || costs.Length != _groups.Length || lengths.Length != _groups.Length)
            throw new InvalidDataException($"Checkpoint episode accumulators are for {returns.Length} environments, the environment has {_groups.Length}.");
        Returns = (double[])returns.Clone();
        Costs = (double[])costs.Clone();
        Lengths = (int[])lengths.Clone();
        Finished.Clear();
    }
}
