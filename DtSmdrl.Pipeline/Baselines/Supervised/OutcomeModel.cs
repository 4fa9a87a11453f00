using DtSmdrl.Pipeline.Evaluation.Uncertainty;
using Microsoft.ML;

namespace DtSmdrl.Pipeline.Baselines.Supervised;

/// <summary>The two outcomes modelled per regimen.</summary>
public static class Outcomes
{
    public const string Response = "response";
    public const string SevereToxicity = "severe_toxicity";
}

/// <summary>
/// P(outcome | features) for one regimen: either a trained ML.NET classifier followed by a Platt
/// calibrator, or, when the training cell has too few patients of one class, the cell's smoothed
/// rate (k + 1) / (n + 2) for every patient.
/// </summary>
public sealed class OutcomeModel
{
    internal OutcomeModel(OutcomeModelState state, ITransformer? predictor)
    {
        State = state;
        Predictor = predictor;
        if (state.Kind == OutcomeModelState.Classifier && predictor is null)
            throw new ArgumentException($"Outcome model {state.Regimen}/{state.Outcome} is a classifier but has no predictor.");
        Calibrator = new PlattScaling(state.CalibratorA, state.CalibratorB);
    }

    /// <summary>Everything but the ML.NET predictor (what the bundle stores as JSON).</summary>
    public OutcomeModelState State { get; }

    public string Regimen => State.Regimen;

    public string Outcome => State.Outcome;

    /// <summary>The trained classifier; null for a base-rate model.</summary>
    public ITransformer? Predictor { get; }

    public PlattScaling Calibrator { get; }

    /// <summary>Trainer's probabilities before calibration (the base rate for a base-rate model).</summary>
    public double[] PredictUncalibrated(IDataView featureRows, int count) =>
        Predictor is null ? Enumerable.Repeat(State.BaseRate, count).ToArray() : FeatureTable.Probabilities(Predictor, featureRows);

    /// <summary>Calibrated probabilities for featurised rows (<see cref="FeatureTable.ToDataView(MLContext, IReadOnlyList{float[]}, int)"/>).</summary>
    public double[] Predict(IDataView featureRows, int count)
    {
        var raw = PredictUncalibrated(featureRows, count);
        return Predictor is null ? raw : raw.Select(Calibrator.Apply).ToArray();
    }
}

/// <summary>The JSON-serialisable part of an <see cref="OutcomeModel"/>, including its training record.</summary>
public sealed record OutcomeModelState
{
    public const string Classifier = "classifier";
    public const string BaseRateKind = "base_rate";

    public required string Regimen { get; init; }

    public required string Outcome { get; init; }

    /// <summary><see cref="Classifier"/> or <see cref="BaseRateKind"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>Chosen trainer candidate (null for a base-rate model).</summary>
    public string? Trainer { get; init; }

    public IReadOnlyDictionary<string, string> Hyperparameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Bundle entry of the ML.NET predictor (null for a base-rate model).</summary>
    public string? Entry { get; init; }

    /// <summary>Smoothed training rate (k + 1) / (n + 2).</summary>
    public required double BaseRate { get; init; }

    public required int TrainingPatients { get; init; }

    public required int TrainingEvents { get; init; }

    public double CalibratorA { get; init; } = 1;

    public double CalibratorB { get; init; }

    /// <summary>Validation patients the calibrator was fitted on (0 = identity, too few).</summary>
    public int CalibrationPatients { get; init; }

    /// <summary>Validation Brier score before and after calibration (NaN without calibration data).</summary>
    public double ValidationBrierUncalibrated { get; init; } = double.NaN;

    public double ValidationBrierCalibrated { get; init; } = double.NaN;

    /// <summary>Cross-validated scores of every candidate (empty for a base-rate model).</summary>
    public IReadOnlyList<CandidateScore> CrossValidation { get; init; } = [];
}
