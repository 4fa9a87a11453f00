using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// The in-course belief of a <see cref="TwinVectorEnv"/>: per pool entry, the belief's starting particles (prior draws for that
/// entry's patient from the agent's own twin source, never the entry's twin itself), the belief settings, and whether the
/// policy reads the belief summary.
/// </summary>
public sealed record TwinVectorEnvBelief(IReadOnlyList<NsclcParameters[]> Particles, ParticleBeliefOptions Options, bool Input);

