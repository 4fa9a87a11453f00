namespace DtSmdrl.Pipeline.Evaluation.Uncertainty;

/// <summary>A fitted map from a model's stated probability to a calibrated one (fitted on the validation split only).</summary>
public interface IProbabilityCalibrator
{
    /// <summary>Short name for reports, e.g. "temperature" or "isotonic".</summary>
    string Name { get; }

    /// <summary>The calibrated probability of a stated probability in [0, 1].</summary>
    double Apply(double probability);
}
