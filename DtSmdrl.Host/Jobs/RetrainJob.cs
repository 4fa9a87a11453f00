using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Options;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Jobs;

/// <summary>
/// `retrain`: trains a candidate on Engine:CohortFolder, evaluates it and the current model on the cohort's
/// held-out split, and promotes it only if it is not worse by more than Engine:PromotionMargin; the decision is
/// logged and stored with the model version. One step: the version row is one transaction.
/// </summary>
public sealed class RetrainJob(ModelRegistry registry, IOptions<EngineOptions> options) : IJob
{
    public string Name => JobNames.Retrain;

    public string Run(JobContext context)
    {
        var cohort = options.Value.CohortFolder
            ?? throw new InvalidOperationException("Engine:CohortFolder is not set: retrain needs a cohort folder to train and evaluate on.");
        context.Step();
        var result = registry.Train(cohort, alwaysPromote: false);
        context.Read++;
        context.Written++;
        return $"model v{result.Version}: {result.Decision}";
    }
}
