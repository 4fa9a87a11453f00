using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// The shield's forecast from the current in-course belief: at each decision, <c>samples</c> particles per patient are drawn
/// from its weighted particles (<see cref="BatchedTwinBelief.Draw"/>), branched once per action from the belief's own
/// simulator (so they start from the state the course so far implies for them) and advanced one cycle with the event
/// draws on. The belief is restarted and advanced by its owner (<see cref="AdaptedPolicySet"/>), not here.
/// </summary>
public sealed class BeliefToxicityForecaster : IToxicityForecaster
{
    private readonly BatchedTwinBelief belief;
    private readonly int samples;
    private readonly int actions;
    private readonly int threads;
    private readonly NsclcBatchSimulator branch;
    private readonly int[] sources;
    private readonly int[] branchActions;
    private readonly int[] draws;

    /// <param name="belief">The belief the forecast reads.</param>
    /// <param name="simulation">The episode's simulation settings (events on); run at the belief's solver step.</param>
    /// <param name="samples">Particles drawn per patient and decision.</param>
    /// <param name="threads">Simulation worker threads (results do not depend on it).</param>
    public BeliefToxicityForecaster(BatchedTwinBelief belief, NsclcSimulationOptions simulation, int samples, int threads = 1)
    {
        this.belief = belief ?? throw new ArgumentNullException(nameof(belief));
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        this.samples = samples;
        this.threads = threads;
        actions = simulation.Actions.Count;
        var n = belief.Patients * samples * actions;
        branch = new NsclcBatchSimulator(n, simulation with { StepSize = belief.ParticleSimulation.StepSize });
        sources = new int[n];
        branchActions = new int[n];
        for (var j = 0; j < n; j++) branchActions[j] = j % actions;
        draws = new int[samples];
    }

    public void Restart() { }

    public void Forecast(Span<double> probabilities)
    {
        for (var i = 0; i < belief.Patients; i++)
        {
            belief.Draw(i, draws);
            for (var s = 0; s < samples; s++)
                for (var a = 0; a < actions; a++)
                    sources[(i * samples + s) * actions + a] = draws[s];
        }
        branch.BranchFrom(belief.Simulator, sources);
        branch.Advance(branchActions, 21, threads);
        probabilities.Clear();
        var severe = branch.SevereToxicity;
        for (var j = 0; j < sources.Length; j++)
        {
            if (severe[j]) probabilities[j / (samples * actions) * actions + branchActions[j]] += 1.0 / samples;
        }
    }

    public void Advance(ReadOnlySpan<int> given) { }
}
