using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin;

namespace DtSmdrl.Pipeline.Baselines.Supervised;

/// <summary>
/// The "Supervised Model" arm: <see cref="SupervisedBaselineTrainer"/> on the training and validation
/// patients; for each test patient the regimen with the best predicted benefit-risk
/// (P(response) - w P(severe toxicity)) on its standard schedule (<see cref="StandardSchedulePolicy"/>), and
/// that regimen's calibrated P(response) as the stated probability. Only regimens present in both the
/// action set and (with enough patients) the retrospective data can be chosen.
/// </summary>
public sealed class SupervisedBaselineMethod(ActionSet actions, SupervisedBaselineOptions? options = null) : ITreatmentMethod
{
    private readonly SupervisedBaselineOptions _options = Restrict(options ?? new SupervisedBaselineOptions(), actions);

    public string Name => "Supervised Model";

    public bool IsLearned => true;

    /// <summary>The model of the last <see cref="Fit"/>; null before.</summary>
    public SupervisedBaselineModel? Model { get; private set; }

    public void Fit(StudyData data, int seed, IProgress<string>? progress = null) =>
        Model = SupervisedBaselineTrainer.Train(data, seed, _options, progress);

    public MethodPlan Prepare(IReadOnlyList<StudyPatient> testPatients)
    {
        var model = Model ?? throw new InvalidOperationException("Supervised Model: call Fit before Prepare.");
        ArgumentNullException.ThrowIfNull(testPatients);
        if (testPatients.Count == 0) return new MethodPlan(new StandardSchedulePolicy(actions, []), []);
        var predictions = model.Predict(testPatients.Select(p => p.Observed));
        return new MethodPlan(
            new StandardSchedulePolicy(actions, predictions.Select(p => p.ChosenRegimen).ToList()),
            predictions.Select(p => p.Chosen.ResponseProbability).ToArray());
    }

    private static SupervisedBaselineOptions Restrict(SupervisedBaselineOptions options, ActionSet actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var names = actions.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        return options with { Regimens = (options.Regimens ?? Data.Catalogs.Regimens).Where(names.Contains).ToList() };
    }
}
