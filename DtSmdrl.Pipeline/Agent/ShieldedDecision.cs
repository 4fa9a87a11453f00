namespace DtSmdrl.Pipeline.Agent;

/// <summary>The action chosen at decision time, what the shield did, and the mask the policy chose from.</summary>
public sealed record ShieldedDecision(int Action, ShieldResult Shield, bool[] AllowedActions);
