using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Env;

/// <summary>
/// Single-patient gym-style environment: <see cref="Reset"/> with a patient and seed, then
/// <see cref="Step(int)"/> with an action index or name. A convenience wrapper over
/// <see cref="BatchedTwinEnvironment"/> with one patient (it allocates its result records).
/// </summary>
public sealed class TwinEnvironment
{
    private readonly BatchedTwinEnvironment batch;
    private readonly int[] action = new int[1];
    private readonly double[] reward = new double[1];
    private readonly double[] cost = new double[1];
    private readonly bool[] done = new bool[1];

    /// <summary>Creates the environment.</summary>
    public TwinEnvironment(TwinEnvironmentOptions? options = null)
    {
        batch = new BatchedTwinEnvironment(1, options);
    }

    /// <summary>Available actions.</summary>
    public ActionSet Actions => batch.Actions;

    /// <summary>Starts an episode for one patient; returns the first observation.</summary>
    public double[] Reset(NsclcParameters patient, ulong noiseSeed)
    {
        var observation = new double[TwinObservation.Size];
        batch.Reset([patient], [noiseSeed], observation);
        return observation;
    }

    /// <summary>Takes the named action (see <see cref="ActionSet"/>).</summary>
    public TwinStepResult Step(string actionName) => Step(Actions.IndexOf(actionName));

    /// <summary>Takes one action.</summary>
    public TwinStepResult Step(int actionIndex)
    {
        if (batch.Count == 0)
        {
            throw new InvalidOperationException("Call Reset before Step.");
        }

        action[0] = actionIndex;
        var observation = new double[TwinObservation.Size];
        batch.Step(action, observation, reward, cost, done);
        var sim = batch.Simulator;
        var trueState = new double[NsclcState.Count];
        sim.CopyTrueState(0, trueState);
        var info = new TwinStepInfo(sim.Day, batch.SevereToxicity[0], batch.Died[0], sim.Progressed[0], sim.TrueSld(0), trueState[NsclcState.Circ], trueState);
        return new TwinStepResult(observation, reward[0], cost[0], done[0], info);
    }
}
