using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// Exhaustive search of the <see cref="PlanLibrary"/> on a patient's TRUE twin: every plan is one
/// member of a batch that shares the patient's parameters and noise seed (common random numbers), so
/// all plans face the same measurement noise, irAE draws and death threshold.
/// </summary>
public sealed class Oracle
{
    private readonly PlanLibrary library;
    private readonly TwinEnvironmentOptions environmentOptions;
    private readonly BatchedTwinEnvironment environment;
    private readonly NsclcParameters[] copies;
    private readonly ulong[] seeds;
    private readonly double[] observations;
    private readonly double[] rewards;
    private readonly double[] costs;
    private readonly bool[] dones;
    private readonly int[] actions;
    private readonly double[] values;
    private readonly bool[] unsafePlan;

    /// <summary>One oracle per thread: it owns a batched environment sized to the library.</summary>
    public Oracle(PlanLibrary library, TwinEnvironmentOptions environmentOptions)
    {
        this.library = library ?? throw new ArgumentNullException(nameof(library));
        this.environmentOptions = environmentOptions ?? throw new ArgumentNullException(nameof(environmentOptions));
        if (library.Cycles != environmentOptions.Cycles)
            throw new ArgumentException($"The plan library covers {library.Cycles} cycles but the environment runs {environmentOptions.Cycles}.");
        var n = library.Count;
        environment = new BatchedTwinEnvironment(n, environmentOptions);
        copies = new NsclcParameters[n];
        seeds = new ulong[n];
        observations = new double[n * environment.ObservationSize];
        rewards = new double[n];
        costs = new double[n];
        dones = new bool[n];
        actions = new int[n];
        values = new double[n];
        unsafePlan = new bool[n];
    }

    public PlanLibrary Library => library;

    /// <summary>Episode values J of every plan from the last <see cref="Solve"/> call.</summary>
    public ReadOnlySpan<double> PlanValues => values;

    /// <summary>Whether each plan had a severe toxicity event in the last <see cref="Solve"/> call.</summary>
    public ReadOnlySpan<bool> PlanHadSevereToxicity => unsafePlan;

    /// <summary>Finds J* for one true twin and noise seed.</summary>
    public OracleResult Solve(in NsclcParameters trueTwin, ulong noiseSeed)
    {
        var n = library.Count;
        Array.Fill(copies, trueTwin);
        Array.Fill(seeds, noiseSeed);
        Array.Clear(values);
        Array.Clear(unsafePlan);
        environment.Reset(copies, seeds, observations);
        for (var cycle = 0; cycle < environmentOptions.Cycles; cycle++)
        {
            for (var p = 0; p < n; p++) actions[p] = library.ActionAt(p, cycle);
            environment.Step(actions, observations, rewards, costs, dones);
            var severe = environment.SevereToxicity;
            for (var p = 0; p < n; p++)
            {
                values[p] += rewards[p];
                unsafePlan[p] |= severe[p];
            }
        }

        int bestSafe = -1, bestAny = 0, safeCount = 0;
        for (var p = 0; p < n; p++)
        {
            if (values[p] > values[bestAny]) bestAny = p;
            if (unsafePlan[p]) continue;
            safeCount++;
            if (bestSafe < 0 || values[p] > values[bestSafe]) bestSafe = p;
        }
        return bestSafe >= 0
            ? new OracleResult(bestSafe, values[bestSafe], true, safeCount)
            : new OracleResult(bestAny, values[bestAny], false, 0);
    }
}
