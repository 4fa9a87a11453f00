namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// A method's decision rule during an episode, for a batch of patients at once: each cycle it sees
/// only what the environment observes (never the true twin) and picks one action per patient.
/// </summary>
public interface ITreatmentPolicy
{
    /// <summary>Chooses the coming cycle's action for every patient still on study.</summary>
    /// <param name="cycle">Index of the coming cycle (0 = first decision).</param>
    /// <param name="observations">Row per patient, layout <see cref="Env.TwinObservation"/>.</param>
    /// <param name="done">Patients whose episode has ended (their action is ignored).</param>
    /// <param name="actions">Output: action index per patient.</param>
    void Decide(int cycle, ReadOnlySpan<double> observations, ReadOnlySpan<bool> done, Span<int> actions);
}
