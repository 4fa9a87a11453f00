using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// The in-course belief a decision-time policy keeps over its batch of patients: the belief, each patient's starting
/// particles (from the agent's own twin source, never the true twin), the seed every episode restarts it with (so the
/// study's replicates are independent of their order), and whether the policy reads its summary.
/// </summary>
public sealed record EpisodeBelief(BatchedTwinBelief Belief, IReadOnlyList<NsclcParameters[]> Prior, int Seed, bool Input);
