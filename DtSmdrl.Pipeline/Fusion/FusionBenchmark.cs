using System.Diagnostics;

namespace DtSmdrl.Pipeline.Fusion;

/// <summary>Timings of <see cref="FusionBenchmark.Run"/>.</summary>
/// <param name="Patients">Training patients (inference runs on the same count).</param>
/// <param name="Modalities">Modality count.</param>
/// <param name="Features">Total feature tokens (without [CLS]).</param>
/// <param name="Epochs">Epochs timed.</param>
/// <param name="SecondsPerEpoch">Mean wall-clock seconds of one training epoch.</param>
/// <param name="PatientsPerSecond">Inference throughput with one deterministic pass.</param>
/// <param name="McPasses">MC-dropout passes of the second timing.</param>
/// <param name="McPatientsPerSecond">Inference throughput with the deterministic pass plus <paramref name="McPasses"/> MC passes.</param>
public sealed record FusionBenchmarkResult(int Patients, int Modalities, int Features, int Epochs, double SecondsPerEpoch,
    double PatientsPerSecond, int McPasses, double McPatientsPerSecond);

/// <summary>Measures fusion training seconds per epoch and inference patients/s with and without MC dropout on the synthetic cohort.</summary>
public static class FusionBenchmark
{
    /// <summary>Trains for <paramref name="epochs"/> epochs (no early stopping) on <paramref name="patients"/> synthetic patients, then times inference.</summary>
    public static FusionBenchmarkResult Run(int patients = 2000, int epochs = 3, int mcPasses = 20, FusionOptions? options = null)
    {
        options = (options ?? new FusionOptions()) with { Epochs = epochs, EarlyStoppingPatience = 0 };
        var data = FusionSyntheticCohort.Generate(patients, options.Seed);
        var result = FusionTrainer.Train(FusionSyntheticCohort.Specs, options, data, []);
        using var model = result.Model;
        var clock = Stopwatch.StartNew();
        FusionPredictor.Predict(model, data, mcPasses: 0);
        var deterministic = patients / clock.Elapsed.TotalSeconds;
        clock.Restart();
        FusionPredictor.Predict(model, data, mcPasses, mcSeed: options.Seed);
        var mc = patients / clock.Elapsed.TotalSeconds;
        return new FusionBenchmarkResult(patients, FusionSyntheticCohort.Specs.Count, model.Architecture.FeatureCount, epochs,
            result.Epochs.Average(e => e.Seconds), deterministic, mcPasses, mc);
    }
}
