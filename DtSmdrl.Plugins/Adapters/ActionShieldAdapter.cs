using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Plugins.Contracts.Safety;

namespace DtSmdrl.Plugins.Adapters;

/// <summary>
/// A safety plugin (<see cref="IActionShield"/>) as the agent's decision-time shield (<see cref="ISafetyShield"/>): each
/// decision becomes a <see cref="ShieldRequest"/> (action names, the environment's mask, the forecast severe-toxicity
/// probability per action) and the plugin's <see cref="ShieldDecision"/> is copied back into the mask. The contract's
/// rules are enforced here, so a faulty plugin fails loudly instead of steering the agent: it may only remove actions,
/// and its answer must cover every action.
/// </summary>
public sealed class ActionShieldAdapter(IActionShield plugin, IReadOnlyList<string> actions) : ISafetyShield
{
    /// <summary>The plugin behind the adapter.</summary>
    public IActionShield Plugin => plugin;

    public string Name => plugin.Name;

    public ShieldResult Mask(in ShieldContext context, Span<bool> actionMask)
    {
        if (actionMask.Length != actions.Count)
            throw new ArgumentException($"Safety plugin '{plugin.Name}': the mask has {actionMask.Length} entries for {actions.Count} actions.", nameof(actionMask));
        var request = new ShieldRequest(actions, actionMask.ToArray(), context.SevereToxicityProbability.ToArray());
        var decision = plugin.Shield(request);
        if (decision.Allowed.Count != actionMask.Length)
            throw new InvalidOperationException($"Safety plugin '{plugin.Name}' answered for {decision.Allowed.Count} actions; the request had {actionMask.Length}.");
        var masked = 0;
        for (var a = 0; a < actionMask.Length; a++)
        {
            if (decision.Allowed[a] && !actionMask[a] && !(a == SafetyContract.HoldAction && decision.FellBackToHold))
                throw new InvalidOperationException($"Safety plugin '{plugin.Name}' allowed action '{actions[a]}', which the environment had forbidden.");
            if (actionMask[a] && !decision.Allowed[a]) masked++;
            actionMask[a] = decision.Allowed[a];
        }
        // Hold is the agent's fallback whatever the plugin says (ShieldResult.Finish), so the policy always has an action.
        return ShieldResult.Finish(actionMask, masked);
    }
}
