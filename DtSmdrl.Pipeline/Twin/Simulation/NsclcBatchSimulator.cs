using System.Runtime.CompilerServices;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Solvers;

namespace DtSmdrl.Pipeline.Twin.Simulation;

/// <summary>
/// The hot path: N NSCLC twins advanced together, cycle by cycle, in lockstep.
/// State is struct-of-arrays (one double[] per state variable, padded to whole vectors); each solver step
/// advances the patients of a chunk four at a time with <see cref="NsclcSimdKernel"/> (the default,
/// <see cref="TwinKernel.Simd"/>), or one at a time through <see cref="Rk4Solver"/> over the static
/// <see cref="NsclcDynamics"/> (<see cref="TwinKernel.Scalar"/>, bit-equal to the single-patient reference);
/// nothing is allocated per step or per cycle on the single-threaded path. Multi-threaded runs split patients into fixed chunks of
/// <see cref="ChunkSize"/>; every patient's numbers depend only on its own state, parameters and seed,
/// so results are identical for any thread count.
/// </summary>
/// <remarks>
/// Per cycle of <c>days</c> days starting on day <c>D</c>: day-0 events give chemotherapy and the
/// antibody (held during an active irAE), daily events give the kinase inhibitor (held during an active
/// targeted-therapy event); a grade >= 3 irAE is drawn when the antibody is given (probability
/// <see cref="NsclcDynamics.IraeProbability"/>, onset at a random step of the cycle, lasting <c>IraeDuration</c>
/// days), and a grade >= 3 targeted-therapy event likewise when the kinase inhibitor is given (probability
/// <see cref="NsclcDynamics.TargetedEventProbability"/>, lasting <c>TkaeDuration</c> days); a patient dies when the cumulative
/// hazard H passes its own Exp(1) threshold. At the cycle end the ANC is measured (log-normal noise)
/// and, on scan days (multiples of <see cref="NsclcSimulationOptions.ScanIntervalDays"/>), the SLD
/// (Gaussian noise, SD from <see cref="NsclcSimulationOptions.SldNoiseSd"/> and <see cref="NsclcSimulationOptions.SldNoiseCv"/>), with RECIST progression tracked on the observed scans.
/// All random draws are counter-based on the patient seed (<see cref="CounterRandom"/>): common random numbers.
/// </remarks>
public sealed class NsclcBatchSimulator
{
    /// <summary>Patients per parallel work item.</summary>
    public const int ChunkSize = 256;

    private readonly NsclcSimulationOptions options;
    private readonly int stepsPerDay;
    private readonly double ancNoiseSigma;
    private readonly double[][] state;
    private readonly NsclcParameters[] parameters;
    private readonly ulong[] seeds;
    private readonly TreatmentAction[] actionOf;
    private readonly bool[] alive;
    private readonly bool[] retired;
    private readonly int[] worstNeutropeniaGrade;
    private readonly bool[] aliveAtCycleStart;
    private readonly double[] deathDay;
    private readonly double[] deathThreshold;
    private readonly long[] iraeOnsetStep;
    private readonly long[] iraeEndStep;
    private readonly long[] tkaeOnsetStep;
    private readonly long[] tkaeEndStep;
    private readonly double[] cumulativeChemo;
    private readonly double[] cumulativeTargeted;
    private readonly double[] cumulativeAntibody;
    private readonly double[] baselineSld;
    private readonly double[] nadirSld;
    private readonly double[] latestSld;
    private readonly double[] latestScanDay;
    private readonly double[] latestAnc;
    private readonly RecistResponse[] bestResponse;
    private readonly bool[] progressed;
    private readonly double[] pfsDay;
    private readonly double[] reward;
    private readonly double[] cost;
    private readonly bool[] severe;
    private readonly bool[] severeEver;
    private readonly bool[] diedThisCycle;
    private readonly double[] episodeReward;
    private readonly double[] episodeCost;
    private readonly int[] neutropeniaGrade;
    private readonly double[] iraeCountAtCycleStart;
    private readonly double[] tkaeCountAtCycleStart;
    private readonly double[] toxicityDays;
    private readonly double[] twistDays;
    private readonly double[] relapseDays;
    private readonly double[] toxicityDaysAtCycleStart;
    private readonly double[] twistDaysAtCycleStart;
    private readonly double[] relapseDaysAtCycleStart;
    private readonly NsclcSimdKernel kernel;
    private double[]? recordedVolume;
    private double[]? recordedAnc;
    private int recordedDays;
    private int cycleDays;

    /// <summary>Allocates room for up to <paramref name="capacity"/> patients.</summary>
    public NsclcBatchSimulator(int capacity, NsclcSimulationOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.options = options ?? new NsclcSimulationOptions();
        this.options.Validate();
        stepsPerDay = (int)Math.Round(1.0 / this.options.StepSize);
        ancNoiseSigma = Math.Sqrt(Math.Log(1.0 + this.options.AncNoiseCv * this.options.AncNoiseCv));
        Capacity = capacity;
        // The arrays the SIMD kernel reads are padded to whole vectors; the padding lanes are always masked off.
        var padded = (capacity + NsclcSimdKernel.Lanes - 1) / NsclcSimdKernel.Lanes * NsclcSimdKernel.Lanes;
        state = new double[NsclcState.Count][];
        for (var v = 0; v < state.Length; v++)
        {
            state[v] = new double[padded];
        }

        parameters = new NsclcParameters[capacity];
        seeds = new ulong[capacity];
        actionOf = new TreatmentAction[capacity];
        alive = new bool[padded];
        retired = new bool[padded];
        worstNeutropeniaGrade = new int[capacity];
        aliveAtCycleStart = new bool[capacity];
        deathDay = new double[capacity];
        deathThreshold = new double[capacity];
        iraeOnsetStep = new long[padded];
        iraeEndStep = new long[padded];
        tkaeOnsetStep = new long[padded];
        tkaeEndStep = new long[padded];
        cumulativeChemo = new double[capacity];
        cumulativeTargeted = new double[capacity];
        cumulativeAntibody = new double[capacity];
        baselineSld = new double[capacity];
        nadirSld = new double[capacity];
        latestSld = new double[capacity];
        latestScanDay = new double[capacity];
        latestAnc = new double[capacity];
        bestResponse = new RecistResponse[capacity];
        progressed = new bool[capacity];
        pfsDay = new double[capacity];
        reward = new double[capacity];
        cost = new double[capacity];
        severe = new bool[capacity];
        severeEver = new bool[capacity];
        diedThisCycle = new bool[capacity];
        episodeReward = new double[capacity];
        episodeCost = new double[capacity];
        neutropeniaGrade = new int[capacity];
        iraeCountAtCycleStart = new double[capacity];
        tkaeCountAtCycleStart = new double[capacity];
        toxicityDays = new double[capacity];
        twistDays = new double[capacity];
        relapseDays = new double[capacity];
        toxicityDaysAtCycleStart = new double[capacity];
        twistDaysAtCycleStart = new double[capacity];
        relapseDaysAtCycleStart = new double[capacity];
        kernel = new NsclcSimdKernel(padded, state, alive, retired, iraeOnsetStep, iraeEndStep, tkaeOnsetStep, tkaeEndStep);
    }

    /// <summary>Maximum number of patients.</summary>
    public int Capacity { get; }

    /// <summary>Number of patients since the last <see cref="Reset"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Current day (all patients are in lockstep).</summary>
    public int Day { get; private set; }

    /// <summary>Number of cycles advanced since the last reset.</summary>
    public int Cycle { get; private set; }

    /// <summary>The experiment settings.</summary>
    public NsclcSimulationOptions Options => options;

    /// <summary>
    /// Keeps the true volume and ANC at every whole day up to <paramref name="maxDay"/> from the next
    /// <see cref="Reset"/> on (for likelihoods at arbitrary observation days); 0 switches it off.
    /// </summary>
    public void RecordDaily(int maxDay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDay);
        recordedDays = maxDay;
        if (maxDay == 0)
        {
            recordedVolume = null;
            recordedAnc = null;
            return;
        }

        recordedVolume = new double[(maxDay + 1) * Capacity];
        recordedAnc = new double[(maxDay + 1) * Capacity];
    }

    /// <summary>Starts a new episode for each patient: validates parameters, sets day 0, takes the baseline scan and blood count.</summary>
    /// <param name="patients">Parameters per patient (copied).</param>
    /// <param name="noiseSeeds">Noise seed per patient (common random numbers: reuse it to compare policies).</param>
    public void Reset(ReadOnlySpan<NsclcParameters> patients, ReadOnlySpan<ulong> noiseSeeds)
    {
        if (patients.Length == 0 || patients.Length > Capacity)
        {
            throw new ArgumentException($"Reset needs between 1 and {Capacity} patients, got {patients.Length}.", nameof(patients));
        }

        if (noiseSeeds.Length != patients.Length)
        {
            throw new ArgumentException($"{patients.Length} patients but {noiseSeeds.Length} noise seeds.", nameof(noiseSeeds));
        }

        for (var i = 0; i < patients.Length; i++)
        {
            patients[i].Validate($"patient {i}");
        }

        Count = patients.Length;
        Day = 0;
        Cycle = 0;
        if (recordedVolume is not null)
        {
            Array.Fill(recordedVolume, double.NaN);
            Array.Fill(recordedAnc!, double.NaN);
        }

        Span<double> y = stackalloc double[NsclcState.Count];
        for (var i = 0; i < Count; i++)
        {
            parameters[i] = patients[i];
            kernel.SetPatient(i, parameters[i]);
            seeds[i] = noiseSeeds[i];
            NsclcDynamics.InitialState(parameters[i], y);
            Scatter(y, i);
            alive[i] = true;
            retired[i] = false;
            worstNeutropeniaGrade[i] = 0;
            deathDay[i] = double.NaN;
            deathThreshold[i] = CounterRandom.Exponential(seeds[i], CounterRandom.DeathStream, 0);
            iraeOnsetStep[i] = -1;
            iraeEndStep[i] = -1;
            tkaeOnsetStep[i] = -1;
            tkaeEndStep[i] = -1;
            cumulativeChemo[i] = 0;
            cumulativeTargeted[i] = 0;
            cumulativeAntibody[i] = 0;
            var sld = MeasureSld(i, TrueSld(i), 0);
            baselineSld[i] = sld;
            nadirSld[i] = sld;
            latestSld[i] = sld;
            latestScanDay[i] = 0;
            latestAnc[i] = MeasureAnc(i, y[NsclcState.Circ], 0);
            bestResponse[i] = RecistResponse.NotEvaluable;
            progressed[i] = false;
            pfsDay[i] = double.NaN;
            reward[i] = 0;
            cost[i] = 0;
            severe[i] = false;
            severeEver[i] = false;
            diedThisCycle[i] = false;
            episodeReward[i] = 0;
            episodeCost[i] = 0;
            neutropeniaGrade[i] = NsclcDynamics.NeutropeniaGrade(y[NsclcState.Circ]);
            toxicityDays[i] = 0;
            twistDays[i] = 0;
            relapseDays[i] = 0;
            Record(i, 0, y);
        }
    }

    /// <summary>
    /// Makes this simulator a branch of <paramref name="source"/>: patient j here becomes an exact copy
    /// (state, parameters, seed, outcomes so far) of <c>source</c>'s patient <c>sourcePatients[j]</c>, on the
    /// same day. For tree or dynamic-programming searches: simulate a prefix once, fan each patient out to
    /// one slot per action, advance. Noise stays common (counter-based), so a branch equals re-simulating
    /// the whole path. Daily recordings are not copied. Allocates nothing.
    /// </summary>
    public void BranchFrom(NsclcBatchSimulator source, ReadOnlySpan<int> sourcePatients)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (sourcePatients.Length == 0 || sourcePatients.Length > Capacity)
        {
            throw new ArgumentException($"A branch needs between 1 and {Capacity} patients, got {sourcePatients.Length}.", nameof(sourcePatients));
        }

        if (source.options.StepSize != options.StepSize)
        {
            throw new ArgumentException("A branch needs the same solver step as its source.", nameof(source));
        }

        Count = sourcePatients.Length;
        Day = source.Day;
        Cycle = source.Cycle;
        for (var j = 0; j < Count; j++)
        {
            CopyPatient(source, source.CheckPatient(sourcePatients[j]), j);
        }
    }

    /// <summary>
    /// Puts a patient on other dice from now on: its noise seed becomes <paramref name="noiseSeed"/> and its death
    /// threshold the one that seed draws, as if it had been reset with it (state and outcomes so far are kept). For
    /// searches that simulate one trajectory for several replicates whose dice agree so far (see
    /// <see cref="NextCycleEvents"/>); allocates nothing.
    /// </summary>
    public void ReplaceDice(int patient, ulong noiseSeed)
    {
        CheckPatient(patient);
        seeds[patient] = noiseSeed;
        deathThreshold[patient] = CounterRandom.Exponential(noiseSeed, CounterRandom.DeathStream, 0);
    }

    /// <summary>
    /// The grade >= 3 event windows (irAE, targeted-therapy event) patient <paramref name="patient"/> would have after
    /// the draws at the start of its next cycle, under action <paramref name="action"/> for <paramref name="days"/> days,
    /// if its noise seed were <paramref name="noiseSeed"/>; changes nothing. Replicates sharing a trajectory keep
    /// sharing it through the next cycle exactly when these windows agree (the draws are the only dice that change
    /// the dynamics).
    /// </summary>
    public NsclcEventWindows NextCycleEvents(int patient, ulong noiseSeed, int action, int days)
    {
        CheckPatient(patient);
        if (days is < 1 or > 21)
        {
            throw new ArgumentOutOfRangeException(nameof(days), days, "A cycle lasts 1 to 21 days.");
        }

        var iraeOnset = iraeOnsetStep[patient];
        var iraeEnd = iraeEndStep[patient];
        var tkaeOnset = tkaeOnsetStep[patient];
        var tkaeEnd = tkaeEndStep[patient];
        DrawCycleEvents(patient, noiseSeed, options.Actions.Get(action), (long)Day * stepsPerDay, days * stepsPerDay,
            ref iraeOnset, ref iraeEnd, ref tkaeOnset, ref tkaeEnd);
        return new NsclcEventWindows(iraeOnset, iraeEnd, tkaeOnset, tkaeEnd);
    }

    /// <summary>
    /// Replaces patient <paramref name="patient"/>'s dice from now on with those of <paramref name="seed"/>: later
    /// measurement noise and event draws come from the new seed, and the death threshold is drawn again given survival
    /// so far (the exponential is memoryless: cumulative hazard so far + Exp(1) from the new seed). What already happened
    /// (measurements, events drawn, an active event's end) stays. For a search that knows the state a patient reached but
    /// not the dice still to come (e.g. a perfect-information continuation on oracle replicates).
    /// </summary>
    public void RedrawDice(int patient, ulong seed)
    {
        var i = CheckPatient(patient);
        seeds[i] = seed;
        if (alive[i])
        {
            deathThreshold[i] = state[NsclcState.H][i] + CounterRandom.Exponential(seed, CounterRandom.DeathStream, 0);
        }
    }

    /// <summary>
    /// Overwrites patient <paramref name="patient"/> here with an exact copy of <paramref name="source"/>'s patient
    /// <paramref name="sourcePatient"/> (state, parameters, seed, outcomes so far); both simulators must be on the same day.
    /// For particle filters that replace a few particles by re-simulated ones without resetting the batch.
    /// </summary>
    public void ReplacePatient(int patient, NsclcBatchSimulator source, int sourcePatient)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Day != Day || source.options.StepSize != options.StepSize)
        {
            throw new ArgumentException($"A replacement needs the same day and solver step (here day {Day}, source day {source.Day}).", nameof(source));
        }

        CopyPatient(source, source.CheckPatient(sourcePatient), CheckPatient(patient));
    }

    private void CopyPatient(NsclcBatchSimulator source, int i, int j)
    {
        for (var v = 0; v < NsclcState.Count; v++)
        {
            state[v][j] = source.state[v][i];
        }

        parameters[j] = source.parameters[i];
        kernel.SetPatient(j, parameters[j]);
        seeds[j] = source.seeds[i];
        alive[j] = source.alive[i];
        retired[j] = source.retired[i];
        worstNeutropeniaGrade[j] = source.worstNeutropeniaGrade[i];
        deathDay[j] = source.deathDay[i];
        deathThreshold[j] = source.deathThreshold[i];
        iraeOnsetStep[j] = source.iraeOnsetStep[i];
        iraeEndStep[j] = source.iraeEndStep[i];
        tkaeOnsetStep[j] = source.tkaeOnsetStep[i];
        tkaeEndStep[j] = source.tkaeEndStep[i];
        cumulativeChemo[j] = source.cumulativeChemo[i];
        cumulativeTargeted[j] = source.cumulativeTargeted[i];
        cumulativeAntibody[j] = source.cumulativeAntibody[i];
        baselineSld[j] = source.baselineSld[i];
        nadirSld[j] = source.nadirSld[i];
        latestSld[j] = source.latestSld[i];
        latestScanDay[j] = source.latestScanDay[i];
        latestAnc[j] = source.latestAnc[i];
        bestResponse[j] = source.bestResponse[i];
        progressed[j] = source.progressed[i];
        pfsDay[j] = source.pfsDay[i];
        reward[j] = source.reward[i];
        cost[j] = source.cost[i];
        severe[j] = source.severe[i];
        severeEver[j] = source.severeEver[i];
        diedThisCycle[j] = source.diedThisCycle[i];
        episodeReward[j] = source.episodeReward[i];
        episodeCost[j] = source.episodeCost[i];
        neutropeniaGrade[j] = source.neutropeniaGrade[i];
        toxicityDays[j] = source.toxicityDays[i];
        twistDays[j] = source.twistDays[i];
        relapseDays[j] = source.relapseDays[i];
    }

    /// <summary>
    /// Advances every patient by one cycle of <paramref name="days"/> days (21 normally; shorter for a
    /// final partial follow-up) under its action.
    /// </summary>
    /// <param name="actions">Action index per patient (length <see cref="Count"/>).</param>
    /// <param name="days">Cycle length in whole days, 1-21.</param>
    /// <param name="threads">1 = this thread, no allocation; more = Parallel.For over patient chunks.</param>
    public void Advance(ReadOnlySpan<int> actions, int days = 21, int threads = 1)
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("Call Reset before Advance.");
        }

        if (actions.Length != Count)
        {
            throw new ArgumentException($"{Count} patients but {actions.Length} actions.", nameof(actions));
        }

        if (days is < 1 or > 21)
        {
            throw new ArgumentOutOfRangeException(nameof(days), days, "A cycle lasts 1 to 21 days.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        for (var i = 0; i < Count; i++)
        {
            actionOf[i] = options.Actions.Get(actions[i]);
        }

        cycleDays = days;
        var chunks = (Count + ChunkSize - 1) / ChunkSize;
        if (threads == 1 || chunks == 1)
        {
            for (var c = 0; c < chunks; c++)
            {
                SimulateChunk(c);
            }
        }
        else
        {
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, SimulateChunk);
        }

        Day += days;
        Cycle++;
    }

    /// <summary>
    /// Per-patient reward of the last cycle: its quality-adjusted days (<see cref="NsclcRewardOptions.QualityAdjustedDays"/>
    /// of the cycle's increments of <see cref="ToxicityDays"/>, <see cref="TwistDays"/>, <see cref="RelapseDays"/>);
    /// 0 for patients already dead or retired at its start.
    /// </summary>
    public ReadOnlySpan<double> Rewards => reward.AsSpan(0, Count);

    /// <summary>Per-patient toxicity cost of the last cycle: the weighted number of new severe events (<see cref="NsclcRewardOptions.Cost"/>).</summary>
    public ReadOnlySpan<double> Costs => cost.AsSpan(0, Count);

    /// <summary>Per-patient severe-toxicity flag of the last cycle (grade 4 neutropenia, a new grade >= 3 irAE or targeted-therapy event).</summary>
    public ReadOnlySpan<bool> SevereToxicity => severe.AsSpan(0, Count);

    /// <summary>Whether the patient has had any severe toxicity event so far.</summary>
    public ReadOnlySpan<bool> SevereToxicityEver => severeEver.AsSpan(0, Count);

    /// <summary>Whether the patient died during the last cycle.</summary>
    public ReadOnlySpan<bool> DiedThisCycle => diedThisCycle.AsSpan(0, Count);

    /// <summary>Whether the patient is alive.</summary>
    public ReadOnlySpan<bool> Alive => alive.AsSpan(0, Count);

    /// <summary>Whether RECIST progression has been seen on an observed scan.</summary>
    public ReadOnlySpan<bool> Progressed => progressed.AsSpan(0, Count);

    /// <summary>Day of the PFS event (first PD scan or death), NaN while progression-free.</summary>
    public ReadOnlySpan<double> PfsEventDay => pfsDay.AsSpan(0, Count);

    /// <summary>Day of death, NaN while alive.</summary>
    public ReadOnlySpan<double> DeathDay => deathDay.AsSpan(0, Count);

    /// <summary>Latest observed (noisy) SLD, mm.</summary>
    public ReadOnlySpan<double> LatestSld => latestSld.AsSpan(0, Count);

    /// <summary>Day of the latest scan.</summary>
    public ReadOnlySpan<double> LatestScanDay => latestScanDay.AsSpan(0, Count);

    /// <summary>Observed baseline SLD, mm.</summary>
    public ReadOnlySpan<double> BaselineSld => baselineSld.AsSpan(0, Count);

    /// <summary>Smallest observed SLD so far (baseline included), mm.</summary>
    public ReadOnlySpan<double> NadirSld => nadirSld.AsSpan(0, Count);

    /// <summary>Latest observed (noisy) ANC, 10^9/L, measured at the end of the last cycle.</summary>
    public ReadOnlySpan<double> LatestAnc => latestAnc.AsSpan(0, Count);

    /// <summary>CTCAE grade of the lowest true ANC of the last cycle.</summary>
    public ReadOnlySpan<int> NeutropeniaGradeLastCycle => neutropeniaGrade.AsSpan(0, Count);

    /// <summary>Worst CTCAE neutropenia grade of any cycle so far.</summary>
    public ReadOnlySpan<int> WorstNeutropeniaGrade => worstNeutropeniaGrade.AsSpan(0, Count);

    /// <summary>Patients no longer simulated (see <see cref="Retire"/>).</summary>
    public ReadOnlySpan<bool> Retired => retired.AsSpan(0, Count);

    /// <summary>
    /// Stops simulating a patient whose remaining course no longer matters to the experiment (e.g. after
    /// the PFS event in a trial simulation); its state and outcomes stay frozen and it earns no reward.
    /// </summary>
    public void Retire(int patient) => retired[CheckPatient(patient)] = true;

    /// <summary>RECIST best overall response so far on observed scans.</summary>
    public ReadOnlySpan<RecistResponse> BestResponse => bestResponse.AsSpan(0, Count);

    /// <summary>Cumulative chemotherapy, in full doses.</summary>
    public ReadOnlySpan<double> CumulativeChemotherapy => cumulativeChemo.AsSpan(0, Count);

    /// <summary>Cumulative kinase inhibitor, in full-dose 21-day cycles.</summary>
    public ReadOnlySpan<double> CumulativeTargeted => cumulativeTargeted.AsSpan(0, Count);

    /// <summary>Cumulative antibody actually given, in full doses.</summary>
    public ReadOnlySpan<double> CumulativeAntibody => cumulativeAntibody.AsSpan(0, Count);

    /// <summary>
    /// Q-TWiST accounting (metrics.md version 2): whole days survived since reset on which a grade >= 3 toxicity
    /// was present (true ANC below 1.0 x 10^9/L at any solver step of the day, an active grade >= 3 irAE, or an
    /// active grade >= 3 targeted-therapy event).
    /// A day is counted when the patient is alive at its end; toxicity takes precedence over progression.
    /// </summary>
    public ReadOnlySpan<double> ToxicityDays => toxicityDays.AsSpan(0, Count);

    /// <summary>Q-TWiST accounting: days survived without grade >= 3 toxicity before RECIST progression (TWiST).</summary>
    public ReadOnlySpan<double> TwistDays => twistDays.AsSpan(0, Count);

    /// <summary>Q-TWiST accounting: days survived without grade >= 3 toxicity after RECIST progression on an observed scan (REL).</summary>
    public ReadOnlySpan<double> RelapseDays => relapseDays.AsSpan(0, Count);

    /// <summary>Sum of rewards since reset.</summary>
    public ReadOnlySpan<double> EpisodeReward => episodeReward.AsSpan(0, Count);

    /// <summary>Sum of costs since reset.</summary>
    public ReadOnlySpan<double> EpisodeCost => episodeCost.AsSpan(0, Count);

    /// <summary>One true state variable for all patients (index from <see cref="NsclcState"/>).</summary>
    public ReadOnlySpan<double> StateVariable(int index) => state[index].AsSpan(0, Count);

    /// <summary>The patient's parameters.</summary>
    public ref readonly NsclcParameters Parameters(int patient) => ref parameters[CheckPatient(patient)];

    /// <summary>Copies a patient's true state (length <see cref="NsclcState.Count"/>).</summary>
    public void CopyTrueState(int patient, Span<double> destination)
    {
        CheckPatient(patient);
        for (var v = 0; v < NsclcState.Count; v++)
        {
            destination[v] = state[v][patient];
        }
    }

    /// <summary>True (noise-free) SLD of a patient, mm.</summary>
    public double TrueSld(int patient)
    {
        var v = state[NsclcState.S][patient] + state[NsclcState.R][patient] + state[NsclcState.X1][patient]
            + state[NsclcState.X2][patient] + state[NsclcState.X3][patient];
        return NsclcDynamics.SldFromVolume(v, parameters[patient].LesionCount);
    }

    /// <summary>Whether a grade >= 3 irAE is active at the current day.</summary>
    public bool IraeActive(int patient) => NsclcEvents.Active((long)Day * stepsPerDay, iraeOnsetStep[patient], iraeEndStep[patient]);

    /// <summary>Whether a grade >= 3 targeted-therapy event is active at the current day.</summary>
    public bool TargetedEventActive(int patient) => NsclcEvents.Active((long)Day * stepsPerDay, tkaeOnsetStep[patient], tkaeEndStep[patient]);

    /// <summary>True volume recorded at a whole day (needs <see cref="RecordDaily"/>), NaN when not recorded.</summary>
    public double RecordedVolume(int patient, int day) => recordedVolume is null || day > recordedDays ? double.NaN : recordedVolume[day * Capacity + patient];

    /// <summary>True ANC recorded at a whole day (needs <see cref="RecordDaily"/>), NaN when not recorded.</summary>
    public double RecordedAnc(int patient, int day) => recordedAnc is null || day > recordedDays ? double.NaN : recordedAnc[day * Capacity + patient];

    /// <summary>Summary of a patient with PFS censored at <paramref name="censorDay"/>.</summary>
    public PatientOutcome Outcome(int patient, double censorDay)
    {
        CheckPatient(patient);
        var death = double.IsNaN(deathDay[patient]) ? (double?)null : deathDay[patient];
        var hasEvent = !double.IsNaN(pfsDay[patient]) && pfsDay[patient] <= censorDay;
        return new PatientOutcome(
            bestResponse[patient],
            hasEvent ? pfsDay[patient] : Math.Min(censorDay, Day),
            hasEvent,
            death,
            severeEver[patient],
            episodeReward[patient],
            episodeCost[patient],
            baselineSld[patient],
            nadirSld[patient]);
    }

    private int CheckPatient(int patient)
    {
        if ((uint)patient >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(patient), patient, $"Patient index must be in [0, {Count}).");
        }

        return patient;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SimulateChunk(int chunk)
    {
        var from = chunk * ChunkSize;
        var to = Math.Min(Count, from + ChunkSize);
        Span<double> y = stackalloc double[NsclcState.Count];
        Span<double> scratch = stackalloc double[Rk4Solver.ScratchSize(NsclcState.Count)];
        var steps = cycleDays * stepsPerDay;
        var firstStep = (long)Day * stepsPerDay;

        for (var i = from; i < to; i++)
        {
            StartCycle(i, firstStep, steps);
        }

        if (options.Kernel == TwinKernel.Simd)
        {
            SimulateStepsSimd(from, to, firstStep, steps, y);
        }
        else
        {
            SimulateStepsScalar(from, to, firstStep, steps, y, scratch);
        }

        for (var i = from; i < to; i++)
        {
            EndCycle(i);
        }
    }

    // The reference kernel: one patient at a time through Rk4Solver (bit-equal to the single-patient reference).
    private void SimulateStepsScalar(int from, int to, long firstStep, int steps, Span<double> y, Span<double> scratch)
    {
        var h = options.StepSize;
        var system = new BatchSystem(parameters);
        for (var s = 0; s < steps; s++)
        {
            var globalStep = firstStep + s;
            var time = globalStep * h;
            var doseDay = s % stepsPerDay == 0 ? s / stepsPerDay : -1;
            var endsDay = (s + 1) % stepsPerDay == 0;
            for (var i = from; i < to; i++)
            {
                if (!alive[i] || retired[i])
                {
                    continue;
                }

                Gather(i, y);
                NsclcEvents.ApplyFlag(globalStep, iraeOnsetStep[i], iraeEndStep[i], NsclcState.Irae, NsclcState.IraeCount, y);
                NsclcEvents.ApplyFlag(globalStep, tkaeOnsetStep[i], tkaeEndStep[i], NsclcState.Tkae, NsclcState.TkaeCount, y);

                if (doseDay >= 0)
                {
                    NsclcDynamics.ApplyCycleDoseEvent(parameters[i], actionOf[i], doseDay, y);
                }

                system.Patient = i;
                Rk4Solver.Step(ref system, time, h, y, scratch);
                NsclcDynamics.AfterStep(y);
                CheckDeath(i, y[NsclcState.H], globalStep);
                if (endsDay)
                {
                    Record(i, (int)((globalStep + 1) / stepsPerDay), y);
                    CountDay(i, y);
                }

                Scatter(y, i);
            }
        }
    }

    // The hot path: the vector kernel advances the chunk's patients four at a time in the state arrays; the death
    // check and, once a day, the recording and day accounting stay per patient (same order as the scalar kernel).
    private void SimulateStepsSimd(int from, int to, long firstStep, int steps, Span<double> y)
    {
        var h = options.StepSize;
        for (var i = from; i < to; i++)
        {
            kernel.SetCycleAction(i, parameters[i], actionOf[i]);
        }

        var hazard = state[NsclcState.H];
        for (var s = 0; s < steps; s++)
        {
            var globalStep = firstStep + s;
            var doseDay = s % stepsPerDay == 0 ? s / stepsPerDay : -1;
            var endsDay = (s + 1) % stepsPerDay == 0;
            kernel.Step(from, to, globalStep, doseDay, h);
            for (var i = from; i < to; i++)
            {
                if (!alive[i] || retired[i])
                {
                    continue;
                }

                CheckDeath(i, hazard[i], globalStep);
                if (endsDay)
                {
                    Gather(i, y);
                    Record(i, (int)((globalStep + 1) / stepsPerDay), y);
                    CountDay(i, y);
                    Scatter(y, i);
                }
            }
        }
    }

    private void CheckDeath(int i, double hazard, long globalStep)
    {
        if (options.DeathEnabled && hazard >= deathThreshold[i])
        {
            alive[i] = false;
            deathDay[i] = (globalStep + 1) * options.StepSize;
        }
    }

    private void StartCycle(int i, long firstStep, int steps)
    {
        aliveAtCycleStart[i] = alive[i] && !retired[i];
        if (!aliveAtCycleStart[i])
        {
            return;
        }

        var action = actionOf[i];
        iraeCountAtCycleStart[i] = state[NsclcState.IraeCount][i];
        tkaeCountAtCycleStart[i] = state[NsclcState.TkaeCount][i];
        toxicityDaysAtCycleStart[i] = toxicityDays[i];
        twistDaysAtCycleStart[i] = twistDays[i];
        relapseDaysAtCycleStart[i] = relapseDays[i];
        cumulativeChemo[i] += action.Chemotherapy;
        cumulativeTargeted[i] += action.Targeted * cycleDays / NsclcTwinModel.CycleDays;
        var antibodyGiven = action.Immunotherapy > 0 && !NsclcEvents.Active(firstStep, iraeOnsetStep[i], iraeEndStep[i]);
        DrawCycleEvents(i, seeds[i], action, firstStep, steps, ref iraeOnsetStep[i], ref iraeEndStep[i], ref tkaeOnsetStep[i], ref tkaeEndStep[i]);
        if (antibodyGiven)
        {
            cumulativeAntibody[i] += action.Immunotherapy;
        }
    }

    // The cycle-start event draws of patient i on the dice of `seed` (the same draws as NsclcReferenceEvents, through
    // the shared NsclcEvents functions); shared by StartCycle and NextCycleEvents so both draw identically.
    private void DrawCycleEvents(int i, ulong seed, TreatmentAction action, long firstStep, int steps,
        ref long iraeOnset, ref long iraeEnd, ref long tkaeOnset, ref long tkaeEnd)
    {
        ref readonly var p = ref parameters[i];
        if (action.Immunotherapy > 0 && options.IraeEnabled && !NsclcEvents.Active(firstStep, iraeOnset, iraeEnd))
        {
            NsclcEvents.Draw(seed, CounterRandom.IraeStream, CounterRandom.IraeOnsetStream, Cycle,
                NsclcDynamics.IraeProbability(p, cumulativeAntibody[i]), firstStep, steps, p.IraeDuration, stepsPerDay, ref iraeOnset, ref iraeEnd);
        }

        if (action.Targeted > 0 && options.TargetedEventsEnabled && !NsclcEvents.Active(firstStep, tkaeOnset, tkaeEnd))
        {
            NsclcEvents.Draw(seed, CounterRandom.TargetedEventStream, CounterRandom.TargetedEventOnsetStream, Cycle,
                NsclcDynamics.TargetedEventProbability(p), firstStep, steps, p.TkaeDuration, stepsPerDay, ref tkaeOnset, ref tkaeEnd);
        }
    }

    private void EndCycle(int i)
    {
        if (!aliveAtCycleStart[i])
        {
            reward[i] = 0;
            cost[i] = 0;
            severe[i] = false;
            diedThisCycle[i] = false;
            return;
        }

        var died = !alive[i];
        var minAnc = state[NsclcState.MinCirc][i];
        var newIrae = state[NsclcState.IraeCount][i] > iraeCountAtCycleStart[i];
        var newTargetedEvent = state[NsclcState.TkaeCount][i] > tkaeCountAtCycleStart[i];
        var trueSld = TrueSld(i);
        var cycleCost = options.Rewards.Cost(minAnc, newIrae, newTargetedEvent);
        var cycleReward = options.Rewards.QualityAdjustedDays(
            toxicityDays[i] - toxicityDaysAtCycleStart[i],
            twistDays[i] - twistDaysAtCycleStart[i],
            relapseDays[i] - relapseDaysAtCycleStart[i]);
        reward[i] = cycleReward;
        cost[i] = cycleCost;
        severe[i] = NsclcRewardOptions.Severe(minAnc, newIrae, newTargetedEvent);
        severeEver[i] |= severe[i];
        diedThisCycle[i] = died;
        episodeReward[i] += cycleReward;
        episodeCost[i] += cycleCost;
        neutropeniaGrade[i] = NsclcDynamics.NeutropeniaGrade(minAnc);
        worstNeutropeniaGrade[i] = Math.Max(worstNeutropeniaGrade[i], neutropeniaGrade[i]);

        if (died)
        {
            if (double.IsNaN(pfsDay[i]))
            {
                pfsDay[i] = deathDay[i];
            }

            return;
        }

        var endDay = Day + cycleDays;
        latestAnc[i] = MeasureAnc(i, state[NsclcState.Circ][i], (ulong)(Cycle + 1));
        if (endDay % options.ScanIntervalDays != 0)
        {
            return;
        }

        var sld = MeasureSld(i, trueSld, (ulong)(endDay / options.ScanIntervalDays));
        latestSld[i] = sld;
        latestScanDay[i] = endDay;
        if (!progressed[i])
        {
            var response = Recist.Classify(baselineSld[i], nadirSld[i], sld);
            bestResponse[i] = Recist.Best(bestResponse[i], response);
            if (response == RecistResponse.ProgressiveDisease)
            {
                progressed[i] = true;
                pfsDay[i] = endDay;
            }
        }

        nadirSld[i] = Math.Min(nadirSld[i], sld);
    }

    // One whole day of Q-TWiST accounting; a patient who died during the day does not count it.
    // The state keeps toxicity versus well days (as the single-patient reference does); well days split
    // here into TWiST and relapse days by RECIST progression on the observed scans.
    private void CountDay(int i, Span<double> y)
    {
        if (!alive[i])
        {
            return;
        }

        if (y[NsclcState.ToxicToday] > 0)
        {
            toxicityDays[i] += 1;
        }
        else if (progressed[i])
        {
            relapseDays[i] += 1;
        }
        else
        {
            twistDays[i] += 1;
        }

        NsclcDynamics.EndDay(y);
    }

    private double MeasureSld(int i, double trueSld, ulong scan) => ObservedSld(options, seeds[i], trueSld, scan);

    /// <summary>
    /// The SLD scan <paramref name="scan"/> (0 = baseline, k = day k x <see cref="NsclcSimulationOptions.ScanIntervalDays"/>)
    /// observes on the dice of <paramref name="seed"/> when the true SLD is <paramref name="trueSld"/>: exactly the
    /// simulator's own measurement, for callers that share one trajectory among replicates with different dice.
    /// </summary>
    public static double ObservedSld(NsclcSimulationOptions options, ulong seed, double trueSld, ulong scan)
    {
        if (trueSld <= 0)
        {
            return 0;
        }

        var cv = options.SldNoiseCv * trueSld;
        var sd = Math.Sqrt(options.SldNoiseSd * options.SldNoiseSd + cv * cv);
        return Math.Max(0.0, trueSld + sd * CounterRandom.Normal(seed, CounterRandom.SldNoiseStream, scan));
    }

    private double MeasureAnc(int i, double trueAnc, ulong draw) =>
        trueAnc * Math.Exp(ancNoiseSigma * CounterRandom.Normal(seeds[i], CounterRandom.AncNoiseStream, draw) - 0.5 * ancNoiseSigma * ancNoiseSigma);

    private void Record(int i, int day, ReadOnlySpan<double> y)
    {
        if (recordedVolume is null || day > recordedDays)
        {
            return;
        }

        recordedVolume[day * Capacity + i] = NsclcDynamics.Volume(y);
        recordedAnc![day * Capacity + i] = y[NsclcState.Circ];
    }

    private void Gather(int i, Span<double> y)
    {
        for (var v = 0; v < NsclcState.Count; v++)
        {
            y[v] = state[v][i];
        }
    }

    private void Scatter(ReadOnlySpan<double> y, int i)
    {
        for (var v = 0; v < NsclcState.Count; v++)
        {
            state[v][i] = y[v];
        }
    }

    private struct BatchSystem(NsclcParameters[] parameters) : IOdeSystem
    {
        public int Patient;

        public readonly void Derivatives(double time, ReadOnlySpan<double> y, Span<double> derivatives) =>
            NsclcDynamics.Derivatives(parameters[Patient], y, derivatives);
    }
}
