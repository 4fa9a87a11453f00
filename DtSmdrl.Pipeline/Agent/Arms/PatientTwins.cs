using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// What the DT-SMDRL agent knows of one patient: the context features it observes and samples of the
/// patient's personalised twin (from the patient-conditioned prior or posterior; never the true twin).
/// </summary>
/// <param name="Id">Patient id (for logs of the meta-learner only; never written to a log line by the agent).</param>
/// <param name="Context">Patient features appended to every observation row.</param>
/// <param name="Twins">Twin samples; one environment slot each during adaptation.</param>
public sealed record PatientTwins(string Id, float[] Context, NsclcParameters[] Twins)
{
    /// <summary>
    /// Starting particles of the patient's in-course belief (further draws from the same source as <see cref="Twins"/>, not
    /// the twins themselves); null for an agent without one.
    /// </summary>
    public NsclcParameters[]? BeliefParticles { get; init; }

    /// <summary>
    /// The patient as a meta-learning task: one environment slot per twin sample, one CVaR group. With <paramref name="belief"/>
    /// and <see cref="BeliefParticles"/>, every slot keeps the in-course belief (its summary in the observation when
    /// <paramref name="beliefInput"/>).
    /// </summary>
    public MetaTask ToTask(TwinEnvironmentOptions environment, ParticleBeliefOptions? belief = null, bool beliefInput = false)
    {
        var contexts = Enumerable.Repeat(Context, Twins.Length).ToList();
        var settings = EnvBelief(belief, beliefInput);
        return new MetaTask(Id, () => new TwinVectorEnv(Twins.Length, Twins, contexts, environment, settings)) { EnvGroups = new int[Twins.Length] };
    }

    /// <summary>The environment's belief settings for this patient's twins (null without belief or particles).</summary>
    public TwinVectorEnvBelief? EnvBelief(ParticleBeliefOptions? belief, bool beliefInput) =>
        belief is null || BeliefParticles is null ? null : new TwinVectorEnvBelief(Enumerable.Repeat(BeliefParticles, Twins.Length).ToList(), belief, beliefInput);

    /// <summary>Context features the policy reads per row: the context, plus the belief summary when the policy reads it.</summary>
    public int InputContextSize(bool beliefInput) => Context.Length + (beliefInput && BeliefParticles is not null ? BatchedTwinBelief.SummarySize : 0);
}
