using System.Text.Json;
using DtSmdrl.Host.Options;
using DtSmdrl.Pipeline.Baselines.Supervised;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Study;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Engine;

/// <summary>
/// The first engine: the supervised baseline (per-regimen response and severe-toxicity models learned from
/// the retrospective courses, <see cref="SupervisedBaselineTrainer"/>) combined with the patient's twin
/// posterior. See <see cref="SupervisedTwinModel"/> for how a plan is chosen.
/// </summary>
public sealed class SupervisedTwinEngine(IOptions<EngineOptions> options) : IRecommendationEngine
{
    public const string EngineName = "supervised-twin";

    private readonly EngineOptions settings = options.Value;

    public string Name => EngineName;

    public IRecommendationModel Train(StudyData data, int seed, IProgress<string>? progress = null)
    {
        var baseline = new SupervisedBaselineOptions
        {
            MinimumPatientsPerRegimen = settings.MinimumPatientsPerRegimen,
            Candidates = settings.QuickGrid ? TrainerCandidate.QuickGrid : TrainerCandidate.DefaultGrid,
        };
        return new SupervisedTwinModel(SupervisedBaselineTrainer.Train(data, seed, baseline, progress), settings);
    }

    public IRecommendationModel Load(string path) => new SupervisedTwinModel(SupervisedBaselineModel.Load(path), settings);

    internal static string ManifestOf(SupervisedBaselineModel model) => JsonSerializer.Serialize(model.Manifest, DtSmdrlJson.Internal);
}
