using System.Diagnostics;
using DtSmdrl.Pipeline.Fusion;
using TorchSharp;

namespace DtSmdrl.Pipeline.Benchmarks;

/// <summary>Timings of <see cref="FusionBenchmark.Run"/>.</summary>
/// <param name="Threads">Torch intra-op threads of the run.</param>
/// <param name="Patients">Training patients (inference runs on the same count).</param>
/// <param name="Modalities">Modality count.</param>
/// <param name="Features">Total feature tokens (without [CLS]).</param>
/// <param name="Epochs">Epochs timed.</param>
/// <param name="SecondsPerEpoch">Mean wall-clock seconds of one training epoch.</param>
/// <param name="PatientsPerSecond">Inference throughput with one deterministic pass.</param>
/// <param name="McPasses">MC-dropout passes of the second timing.</param>
/// <param name="McPatientsPerSecond">Inference throughput with the deterministic pass plus <paramref name="McPasses"/> MC passes.</param>
public sealed record FusionBenchmarkResult(int Threads, int Patients, int Modalities, int Features, int Epochs, double SecondsPerEpoch,
    double PatientsPerSecond, int McPasses, double McPatientsPerSecond)
{
    /// <summary>Training throughput: patients per second of a training epoch.</summary>
    public double TrainingPatientsPerSecond => Patients / SecondsPerEpoch;
}

/// <summary>
/// Measures fusion training seconds per epoch and inference patients/s with and without MC dropout on the synthetic
/// cohort (the seven modalities of the study's patient rows), at a given torch intra-op thread count.
/// </summary>
public static class FusionBenchmark
{
    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs (no early stopping) on <paramref name="patients"/> synthetic patients
    /// with <paramref name="threads"/> torch threads, then times inference on the same patients. The process-wide torch
    /// thread count is restored afterwards.
    /// </summary>
    public static FusionBenchmarkResult Run(int patients = 2000, int epochs = 3, int mcPasses = 20, int threads = 1, FusionOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patients, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        options = (options ?? new FusionOptions()) with { Epochs = epochs, EarlyStoppingPatience = 0, Threads = threads };
        var previousThreads = torch.get_num_threads();
        try
        {
            var data = FusionSyntheticCohort.Generate(patients, options.Seed);
            var result = FusionTrainer.Train(FusionSyntheticCohort.Specs, options, data, []);
            using var model = result.Model;
            var clock = Stopwatch.StartNew();
            FusionPredictor.Predict(model, data, mcPasses: 0);
            var deterministic = patients / clock.Elapsed.TotalSeconds;
            clock.Restart();
            FusionPredictor.Predict(model, data, mcPasses, mcSeed: options.Seed);
            var mc = patients / clock.Elapsed.TotalSeconds;
            return new FusionBenchmarkResult(threads, patients, FusionSyntheticCohort.Specs.Count, model.Architecture.FeatureCount, epochs,
                result.Epochs.Average(e => e.Seconds), deterministic, mcPasses, mc);
        }
        finally
        {
            torch.set_num_threads(previousThreads);
        }
    }
}
