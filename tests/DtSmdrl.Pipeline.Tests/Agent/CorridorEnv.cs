using DtSmdrl.Pipeline.Agent;

namespace DtSmdrl.Pipeline.Tests.Agent;

/// <summary>
/// A corridor of <see cref="Length"/> cells: start in cell 0, action 1 moves right, action 0 stays (hold),
/// action 2 moves left. Each step costs -0.1, reaching the last cell pays +1 and ends the episode; after
/// <see cref="Horizon"/> steps the episode ends anyway. The optimal return is 1 - 0.1 * (Length - 2).
/// Observation: one-hot cell and the elapsed fraction of the horizon. Deterministic, snapshot-capable.
/// </summary>
internal sealed class CorridorEnv(int numEnvs, int length = 5, int horizon = 10) : ISnapshotVectorEnv
{
    private readonly int[] _cell = new int[numEnvs];
    private readonly int[] _time = new int[numEnvs];

    public int Length => length;
    public int Horizon => horizon;
    public double OptimalReturn => 1 - 0.1 * (length - 2);
    public int NumEnvs => numEnvs;
    public int ObservationSize => length + 1;
    public int ActionCount => 3;

    public void Reset(ReadOnlySpan<long> seeds, Span<float> observations, Span<bool> actionMask)
    {
        for (var i = 0; i < numEnvs; i++)
        {
            (_cell[i], _time[i]) = (0, 0);
            Write(i, observations, actionMask);
        }
    }

    public void Step(ReadOnlySpan<int> actions, Span<float> nextObs, Span<float> rewards, Span<float> costs, Span<bool> dones, Span<bool> actionMask)
    {
        for (var i = 0; i < numEnvs; i++)
        {
            _cell[i] = Math.Clamp(_cell[i] + actions[i] switch { 0 => 0, 1 => 1, 2 => -1, _ => throw new ArgumentOutOfRangeException(nameof(actions)) }, 0, length - 1);
            _time[i]++;
            var reached = _cell[i] == length - 1;
            rewards[i] = reached ? 1f : -0.1f;
            costs[i] = 0;
            dones[i] = reached || _time[i] >= horizon;
            if (dones[i])
                (_cell[i], _time[i]) = (0, 0);
            Write(i, nextObs, actionMask);
        }
    }

    public void SaveState(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        for (var i = 0; i < numEnvs; i++)
        {
            writer.Write(_cell[i]);
            writer.Write(_time[i]);
        }
    }

    public void LoadState(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        for (var i = 0; i < numEnvs; i++)
        {
            _cell[i] = reader.ReadInt32();
            _time[i] = reader.ReadInt32();
        }
    }

    private void Write(int i, Span<float> observations, Span<bool> actionMask)
    {
        var row = observations.Slice(i * ObservationSize, ObservationSize);
        row.Clear();
        row[_cell[i]] = 1;
        row[length] = (float)_time[i] / horizon;
        actionMask.Slice(i * ActionCount, ActionCount).Fill(true);
    }
}
