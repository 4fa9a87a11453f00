using DtSmdrl.Pipeline.Evaluation;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// A learned study arm that exposes the training curve of its last <c>Fit</c> (<see cref="LearningCurves"/> defines
/// the points). Recording only reads what training already logs: the trained weights are the same with or without it.
/// </summary>
public interface ILearningCurveSource
{
    /// <summary>The training curve of the last Fit, in training order (empty before the first Fit, or when the arm trains nothing).</summary>
    IReadOnlyList<TrainingCurvePoint> LastCurve { get; }
}
