using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Env;

/// <summary>
/// Gym-style environment over N patients at once, an adapter on <see cref="NsclcBatchSimulator"/>.
/// Every call writes into caller-owned buffers; single-threaded steps allocate nothing.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Reset(patients, seeds): per-patient parameters (the true twin) and noise seeds (common random numbers).</item>
/// <item>Step(actions): one 21-day cycle per patient; observation layout <see cref="TwinObservation"/>;
/// reward and cost per <see cref="NsclcRewardOptions"/>; done when the patient died or after the last cycle
/// (the last step also runs the follow-up to <see cref="TwinEnvironmentOptions.FollowUpDay"/> under "hold").</item>
/// <item>Info: <see cref="SevereToxicity"/>, <see cref="Died"/>, <see cref="Simulator"/> (progression flags,
/// PFS, true state for evaluation).</item>
/// </list>
/// Patients that are done keep returning reward 0, cost 0 and done = true.
/// </remarks>
public sealed class BatchedTwinEnvironment
{
    private readonly TwinEnvironmentOptions options;
    private readonly int[] followUpActions;
    private readonly bool[] severeThisStep;
    private readonly bool[] diedThisStep;
    private readonly int holdAction;

    /// <summary>Creates an environment for up to <paramref name="capacity"/> patients.</summary>
    public BatchedTwinEnvironment(int capacity, TwinEnvironmentOptions? options = null)
    {
        this.options = options ?? new TwinEnvironmentOptions();
        this.options.Validate();
        Simulator = new NsclcBatchSimulator(capacity, this.options.Simulation);
        followUpActions = new int[capacity];
        severeThisStep = new bool[capacity];
        diedThisStep = new bool[capacity];
        holdAction = -1;
        for (var a = 0; a < Actions.Count; a++)
        {
            var action = Actions[a];
            if (action.Chemotherapy == 0 && action.Targeted == 0 && action.Immunotherapy == 0)
            {
                holdAction = a;
                break;
            }
        }

        if (holdAction < 0 && this.options.FollowUpDay > this.options.Cycles * NsclcTwinModel.CycleDays)
        {
            throw new ArgumentException("The action set has no all-zero ('hold') action, which the follow-up needs; set FollowUpDay = 0 or add one.");
        }

        Array.Fill(followUpActions, Math.Max(holdAction, 0));
    }

    /// <summary>The underlying simulator: true state, PFS, best response, cumulative doses.</summary>
    public NsclcBatchSimulator Simulator { get; }

    /// <summary>Episode settings.</summary>
    public TwinEnvironmentOptions Options => options;

    /// <summary>Available actions.</summary>
    public ActionSet Actions => options.Simulation.Actions;

    /// <summary>Length of one patient's observation.</summary>
    public int ObservationSize => TwinObservation.Size;

    /// <summary>Patients in the current episode.</summary>
    public int Count => Simulator.Count;

    /// <summary>Decisions taken since reset.</summary>
    public int CyclesDone { get; private set; }

    /// <summary>True once all decisions of the episode have been taken.</summary>
    public bool EpisodeFinished => CyclesDone >= options.Cycles;

    /// <summary>Severe toxicity (grade 4 neutropenia or new grade >= 3 irAE) during the last step, follow-up included.</summary>
    public ReadOnlySpan<bool> SevereToxicity => severeThisStep.AsSpan(0, Count);

    /// <summary>Death during the last step, follow-up included.</summary>
    public ReadOnlySpan<bool> Died => diedThisStep.AsSpan(0, Count);

    /// <summary>Starts an episode; writes Count x <see cref="ObservationSize"/> observations (row per patient).</summary>
    public void Reset(ReadOnlySpan<NsclcParameters> patients, ReadOnlySpan<ulong> noiseSeeds, Span<double> observations)
    {
        Simulator.Reset(patients, noiseSeeds);
        CyclesDone = 0;
        Array.Clear(severeThisStep);
        Array.Clear(diedThisStep);
        WriteObservations(observations);
    }

    /// <summary>Takes one decision for every patient.</summary>
    /// <param name="actions">Action index per patient.</param>
    /// <param name="observations">Count x <see cref="ObservationSize"/> output.</param>
    /// <param name="rewards">Per-patient reward output.</param>
    /// <param name="costs">Per-patient cost output.</param>
    /// <param name="dones">Per-patient done output.</param>
    /// <param name="threads">Worker threads (results do not depend on it).</param>
    public void Step(ReadOnlySpan<int> actions, Span<double> observations, Span<double> rewards, Span<double> costs, Span<bool> dones, int threads = 1)
    {
        if (EpisodeFinished)
        {
            throw new InvalidOperationException($"The episode ended after {options.Cycles} cycles; call Reset.");
        }

        var n = Count;
        if (rewards.Length < n || costs.Length < n || dones.Length < n)
        {
            throw new ArgumentException($"Reward, cost and done buffers need {n} elements.");
        }

        Simulator.Advance(actions, (int)NsclcTwinModel.CycleDays, threads);
        CyclesDone++;
        Collect(rewards, costs, accumulate: false);
        if (EpisodeFinished)
        {
            RunFollowUp(rewards, costs, threads);
        }

        var alive = Simulator.Alive;
        for (var i = 0; i < n; i++)
        {
            dones[i] = EpisodeFinished || !alive[i];
        }

        WriteObservations(observations);
    }

    private void RunFollowUp(Span<double> rewards, Span<double> costs, int threads)
    {
        var cycle = (int)NsclcTwinModel.CycleDays;
        var holds = followUpActions.AsSpan(0, Count);
        while (Simulator.Day < options.FollowUpDay)
        {
            var days = Math.Min(cycle, options.FollowUpDay - Simulator.Day);
            Simulator.Advance(holds, days, threads);
            Collect(rewards, costs, accumulate: true);
        }
    }

    private void Collect(Span<double> rewards, Span<double> costs, bool accumulate)
    {
        var simRewards = Simulator.Rewards;
        var simCosts = Simulator.Costs;
        var simSevere = Simulator.SevereToxicity;
        var simDied = Simulator.DiedThisCycle;
        for (var i = 0; i < Count; i++)
        {
            if (accumulate)
            {
                rewards[i] += simRewards[i];
                costs[i] += simCosts[i];
                severeThisStep[i] |= simSevere[i];
                diedThisStep[i] |= simDied[i];
            }
            else
            {
                rewards[i] = simRewards[i];
                costs[i] = simCosts[i];
                severeThisStep[i] = simSevere[i];
                diedThisStep[i] = simDied[i];
            }
        }
    }

    private void WriteObservations(Span<double> observations)
    {
        var size = TwinObservation.Size;
        if (observations.Length < Count * size)
        {
            throw new ArgumentException($"The observation buffer needs {Count} x {size} = {Count * size} elements, got {observations.Length}.", nameof(observations));
        }

        var sim = Simulator;
        var latest = sim.LatestSld;
        var baseline = sim.BaselineSld;
        var anc = sim.LatestAnc;
        var chemo = sim.CumulativeChemotherapy;
        var targeted = sim.CumulativeTargeted;
        var antibody = sim.CumulativeAntibody;
        var grade = sim.NeutropeniaGradeLastCycle;
        var scanDay = sim.LatestScanDay;
        for (var i = 0; i < Count; i++)
        {
            var row = observations.Slice(i * size, size);
            row[TwinObservation.LatestSld] = latest[i];
            row[TwinObservation.LatestAnc] = anc[i];
            row[TwinObservation.CycleIndex] = CyclesDone;
            row[TwinObservation.CumulativeChemotherapy] = chemo[i];
            row[TwinObservation.CumulativeTargeted] = targeted[i];
            row[TwinObservation.CumulativeImmunotherapy] = antibody[i];
            row[TwinObservation.NeutropeniaGrade] = grade[i];
            row[TwinObservation.IraeActive] = sim.IraeActive(i) ? 1.0 : 0.0;
            row[TwinObservation.BaselineSld] = baseline[i];
            row[TwinObservation.SldChangeFromBaseline] = baseline[i] > 0 ? (latest[i] - baseline[i]) / baseline[i] : 0.0;
            row[TwinObservation.DaysSinceScan] = sim.Day - scanDay[i];
        }
    }
}
