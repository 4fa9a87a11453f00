using DtSmdrl.Host.Options;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Agent.MlNet;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Torch;
using Microsoft.Extensions.Options;
using Microsoft.ML;

namespace DtSmdrl.Host.Engine;

/// <summary>
/// The DT-SMDRL engine: the meta-learned, CVaR-constrained PPO initialisation of the study's DT-SMDRL arm, trained on
/// the cohort's training patients (their personalised twins from the observed records), saved as a
/// <see cref="MetaPpoModelBundle"/>. At recommendation time it adapts to the patient's twin POSTERIOR samples and
/// recommends from closed-loop shielded rollouts (<see cref="MetaPpoEngineModel"/>).
/// </summary>
public sealed class MetaPpoEngine(IOptions<EngineOptions> options) : IRecommendationEngine
{
    public const string EngineName = "meta-ppo";

    private readonly EngineOptions settings = options.Value;

    public string Name => EngineName;

    public IRecommendationModel Train(StudyData data, int seed, IProgress<string>? progress = null)
    {
        var agent = new DtSmdrlArmOptions();
        var method = new DtSmdrlMethod(agent);
        method.Fit(data, seed, progress);
        var hash = Pipeline.Provenance.ContentHash.OfBytes(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", data.Train.Select(p => p.Id))));
        return new MetaPpoEngineModel(new MetaPpoTransformer(new MetaPpoEstimatorOptions { Agent = agent, Seed = seed }, method.Initialization!, hash)
        {
            ResponseCalibration = method.ResponseCalibration,
        }, settings);
    }

    public IRecommendationModel Load(string path) => new MetaPpoEngineModel(MetaPpoModelBundle.Load(path, new MLContext()).Agent, settings);
}
