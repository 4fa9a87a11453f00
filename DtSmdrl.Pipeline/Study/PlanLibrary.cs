using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Twin;

namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// The plan library the perfect-information planner searches: every fixed action sequence over the horizon in which the
/// regimen changes only at assessment points (every <see cref="BlockCycles"/> cycles, when a scan
/// shows the response) and chemotherapy is given in at most <see cref="MaxChemotherapyCycles"/>
/// cycles (twin-models.md section 1). With the six default actions, 8 cycles and 2-cycle blocks
/// that is 6^4 - 3^4 = 1,215 plans.
/// </summary>
/// <remarks>
/// Restricting switches to scan times keeps exhaustive search affordable for thousands of test
/// patients (a per-cycle library has 6^8 = 1.7 million plans). A policy that switches between scans,
/// or adapts to what it observes, can therefore beat V*; gain captured above 1 is possible and reported as it is.
/// </remarks>
public sealed class PlanLibrary
{
    private readonly int[] plans;

    /// <summary>Enumerates the library for an action set and horizon.</summary>
    public PlanLibrary(ActionSet actions, int cycles = 8, int blockCycles = TreatmentRules.DecisionBlockCycles,
        int maxChemotherapyCycles = TreatmentRules.MaxChemotherapyCycles)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (cycles < 1) throw new ArgumentOutOfRangeException(nameof(cycles), cycles, "The horizon needs at least one cycle.");
        if (blockCycles < 1 || cycles % blockCycles != 0)
            throw new ArgumentOutOfRangeException(nameof(blockCycles), blockCycles, $"Block length must divide the horizon of {cycles} cycles.");
        if (maxChemotherapyCycles < 0) throw new ArgumentOutOfRangeException(nameof(maxChemotherapyCycles), maxChemotherapyCycles, "Must be >= 0.");

        Actions = actions;
        Cycles = cycles;
        BlockCycles = blockCycles;
        MaxChemotherapyCycles = maxChemotherapyCycles;
        var blocks = cycles / blockCycles;
        var total = (long)Math.Pow(actions.Count, blocks);
        if (total > 5_000_000)
            throw new ArgumentException($"{actions.Count} actions over {blocks} blocks make {total} plans; use longer blocks or a shorter horizon.");

        var kept = new List<int>();
        var blockActions = new int[blocks];
        for (long code = 0; code < total; code++)
        {
            var rest = code;
            var chemoCycles = 0;
            for (var b = 0; b < blocks; b++)
            {
                blockActions[b] = (int)(rest % actions.Count);
                rest /= actions.Count;
                if (actions[blockActions[b]].Chemotherapy > 0) chemoCycles += blockCycles;
            }
            if (chemoCycles > maxChemotherapyCycles) continue;
            for (var c = 0; c < cycles; c++) kept.Add(blockActions[c / blockCycles]);
        }
        plans = kept.ToArray();
        Count = plans.Length / cycles;
    }

    public ActionSet Actions { get; }

    public int Cycles { get; }

    public int BlockCycles { get; }

    public int MaxChemotherapyCycles { get; }

    /// <summary>Number of plans.</summary>
    public int Count { get; }

    /// <summary>Action index of plan <paramref name="plan"/> at cycle <paramref name="cycle"/>.</summary>
    public int ActionAt(int plan, int cycle) => plans[plan * Cycles + cycle];

    /// <summary>The whole plan as action indices.</summary>
    public ReadOnlySpan<int> Plan(int plan) => plans.AsSpan(plan * Cycles, Cycles);

    /// <summary>Index of a plan that gives one action throughout, or -1 when the library excludes it (e.g. 8 cycles of chemotherapy).</summary>
    public int IndexOfConstant(int action)
    {
        for (var p = 0; p < Count; p++)
        {
            var plan = Plan(p);
            var constant = true;
            foreach (var a in plan) constant &= a == action;
            if (constant) return p;
        }
        return -1;
    }

    /// <summary>
    /// Index of the no-treatment plan: the first action giving no drug (the environment's follow-up action) throughout.
    /// Throws when the library has none.
    /// </summary>
    public int IndexOfHold()
    {
        for (var a = 0; a < Actions.Count; a++)
        {
            var action = Actions[a];
            if (action.Chemotherapy == 0 && action.Targeted == 0 && action.Immunotherapy == 0)
                return IndexOfConstant(a) is var plan and >= 0 ? plan : throw new InvalidOperationException("The plan library leaves out the all-hold plan.");
        }
        throw new InvalidOperationException("The action set has no action without any drug: no treatment has no plan.");
    }

    /// <summary>A plan as readable text, e.g. "targeted x4, immuno x4".</summary>
    public string Describe(ReadOnlySpan<int> plan) => DescribePlan(Actions, plan);

    /// <summary>Run-length text of any action sequence.</summary>
    public static string DescribePlan(ActionSet actions, ReadOnlySpan<int> plan)
    {
        var parts = new List<string>();
        var i = 0;
        while (i < plan.Length)
        {
            var j = i;
            while (j < plan.Length && plan[j] == plan[i]) j++;
            parts.Add($"{actions[plan[i]].Name} x{j - i}");
            i = j;
        }
        return string.Join(", ", parts);
    }
}
