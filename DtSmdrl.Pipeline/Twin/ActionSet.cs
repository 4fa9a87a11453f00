using System.Collections;

namespace DtSmdrl.Pipeline.Twin;

/// <summary>
/// The documented, configurable list of treatment actions available at each decision. An action is
/// referred to by its index (what an agent outputs) or its name (what configuration and reports use).
/// </summary>
/// <remarks>
/// The default NSCLC set (<see cref="NsclcDefault"/>), one entry per 21-day cycle:
/// <list type="table">
/// <listheader><term>index / name</term><description>chemo, targeted, immuno dose fractions</description></listheader>
/// <item><term>0 hold</term><description>0, 0, 0</description></item>
/// <item><term>1 chemo_full</term><description>1, 0, 0 (75 mg/m2 docetaxel-like)</description></item>
/// <item><term>2 chemo_reduced</term><description>0.75, 0, 0 (one dose level down)</description></item>
/// <item><term>3 targeted</term><description>0, 1, 0 (daily EGFR inhibitor for the whole cycle)</description></item>
/// <item><term>4 immuno</term><description>0, 0, 1 (200 mg antibody)</description></item>
/// <item><term>5 chemo_immuno</term><description>1, 0, 1</description></item>
/// </list>
/// </remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(ActionSetJsonConverter))]
public sealed class ActionSet : IReadOnlyList<TreatmentAction>
{
    private readonly TreatmentAction[] actions;

    /// <summary>Creates an action set; names must be unique and fractions finite in [0, 1].</summary>
    public ActionSet(IEnumerable<TreatmentAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        this.actions = actions.ToArray();
        if (this.actions.Length == 0)
        {
            throw new ArgumentException("An action set needs at least one action.", nameof(actions));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in this.actions)
        {
            if (string.IsNullOrWhiteSpace(action.Name))
            {
                throw new ArgumentException("Every action needs a non-empty name.", nameof(actions));
            }

            if (!seen.Add(action.Name))
            {
                throw new ArgumentException($"Action name '{action.Name}' appears twice.", nameof(actions));
            }

            CheckFraction(action, nameof(TreatmentAction.Chemotherapy), action.Chemotherapy);
            CheckFraction(action, nameof(TreatmentAction.Targeted), action.Targeted);
            CheckFraction(action, nameof(TreatmentAction.Immunotherapy), action.Immunotherapy);
        }
    }

    /// <summary>The six-action NSCLC set described in the remarks.</summary>
    public static ActionSet NsclcDefault { get; } = new(
    [
        new TreatmentAction("hold", 0, 0, 0),
        new TreatmentAction("chemo_full", 1, 0, 0),
        new TreatmentAction("chemo_reduced", 0.75, 0, 0),
        new TreatmentAction("targeted", 0, 1, 0),
        new TreatmentAction("immuno", 0, 0, 1),
        new TreatmentAction("chemo_immuno", 1, 0, 1),
    ]);

    /// <summary>Number of actions.</summary>
    public int Count => actions.Length;

    /// <summary>The action at an index.</summary>
    public TreatmentAction this[int index] => Get(index);

    /// <summary>The action at an index, with a clear error when the index is outside the set.</summary>
    public TreatmentAction Get(int index)
    {
        if ((uint)index >= (uint)actions.Length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(index), index, $"Unknown action index {index}: the action set has {actions.Length} actions ({string.Join(", ", Names)}).");
        }

        return actions[index];
    }

    /// <summary>Action names in index order.</summary>
    public IEnumerable<string> Names => actions.Select(a => a.Name);

    /// <summary>Index of the action with this name; throws naming the known actions when absent.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < actions.Length; i++)
        {
            if (string.Equals(actions[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"Unknown action '{name}'. Known actions: {string.Join(", ", Names)}.", nameof(name));
    }

    /// <inheritdoc />
    public IEnumerator<TreatmentAction> GetEnumerator() => ((IEnumerable<TreatmentAction>)actions).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => actions.GetEnumerator();

    private static void CheckFraction(TreatmentAction action, string field, double value)
    {
        if (!double.IsFinite(value) || value < 0 || value > 1)
        {
            throw new ArgumentException($"Action '{action.Name}': {field} dose fraction {value} must be in [0, 1].");
        }
    }
}
