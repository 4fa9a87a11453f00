using DtSmdrl.Pipeline.Env;
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
    /// <summary>The patient as a meta-learning task: one environment slot per twin sample, one CVaR group.</summary>
    public MetaTask ToTask(TwinEnvironmentOptions environment)
    {
        var contexts = Enumerable.Repeat(Context, Twins.Length).ToList();
        return new MetaTask(Id, () => new TwinVectorEnv(Twins.Length, Twins, contexts, environment)) { EnvGroups = new int[Twins.Length] };
    }
}
