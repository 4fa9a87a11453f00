namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// A vector environment whose complete state (including its random number generators) can be written and
/// restored. PPO checkpoints include it when the environment implements this, which makes a resumed run
/// produce exactly the updates of an uninterrupted one; other environments are re-reset on resume.
/// </summary>
public interface ISnapshotVectorEnv : IVectorEnv
{
    /// <summary>Writes the full environment state.</summary>
    void SaveState(Stream stream);

    /// <summary>Restores a state written by <see cref="SaveState"/>.</summary>
    void LoadState(Stream stream);
}
