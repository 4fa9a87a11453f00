using System.Diagnostics;
using System.Globalization;
using DtSmdrl.Pipeline.Agent;
using TorchSharp;

namespace DtSmdrl.Pipeline.Benchmarks.Zhao;

/// <summary>
/// The published benchmark of Zhao, Kosorok and Zeng 2009: train PPO on <see cref="ZhaoVectorEnv"/>, then treat the
/// same cohort of virtual patients with the greedy learned policy and with every constant dose 0.0, 0.1, ..., 1.0
/// (common random numbers), and compare mean total reward and survival. The paper reports that its learned
/// regimens beat every constant dose; this reproduces that test with PPO. Nothing here asserts the outcome:
/// <see cref="ZhaoBenchmarkResult.PolicyBeatsEveryConstantDose"/> reports it.
/// </summary>
public static class ZhaoBenchmark
{
    /// <summary>Table name of the constant dose with action index <paramref name="action"/> (dose = action / 10).</summary>
    public static string RegimenName(int action) => "dose " + (action / 10.0).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>Table name of the learned policy.</summary>
    public const string PolicyName = "ppo (greedy)";

    /// <summary>Table name of the per-patient optimum.</summary>
    public const string OracleName = "oracle";

    /// <summary>Trains, evaluates and compares; <paramref name="progress"/> receives each PPO update.</summary>
    public static ZhaoBenchmarkResult Run(ZhaoBenchmarkOptions options, IProgress<PpoProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var total = Stopwatch.StartNew();
        var cohort = ZhaoPatient.Cohort(options.Patients, options.EvaluationSeed);

        var previousThreads = torch.get_num_threads();
        try
        {
            torch.set_num_threads(options.TorchThreads);
            var env = new ZhaoVectorEnv(options.NumEnvs, rewardScale: options.TrainingRewardScale);
            using var ppo = new Ppo(env, options.Ppo);
            var training = Train(ppo, options.TorchThreads, progress);

            var policy = Evaluate(PolicyName, cohort, ZhaoRegimens.Greedy(ppo.Policy));
            var doses = new List<ZhaoRegimenResult>();
            for (var action = 0; action < env.ActionCount; action++)
                doses.Add(Evaluate(RegimenName(action), cohort, ZhaoRegimens.ConstantDose(action)));
            var comparisons = doses.Select(d => Compare(policy, d)).ToList();
            ZhaoRegimenResult? oracle = null;
            var oracleSeconds = 0.0;
            if (options.IncludeOracle)
            {
                var watch = Stopwatch.StartNew();
                var sequences = cohort.Select(patient => ZhaoOracle.BestSequence(patient).Actions).ToArray();
                oracleSeconds = watch.Elapsed.TotalSeconds;
                oracle = Evaluate(OracleName, cohort, ZhaoOracle.Regimen(sequences));
            }
            return new ZhaoBenchmarkResult(policy, doses, comparisons, oracle, oracle is null ? null : Compare(policy, oracle), oracleSeconds,
                training, total.Elapsed.TotalSeconds);
        }
        finally
        {
            torch.set_num_threads(previousThreads);
        }
    }

    /// <summary>The policy against one regimen evaluated on the same cohort: paired reward difference and survival difference.</summary>
    public static ZhaoComparison Compare(ZhaoRegimenResult policy, ZhaoRegimenResult regimen)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(regimen);
        if (policy.Patients != regimen.Patients)
            throw new ArgumentException($"{policy.Regimen} has {policy.Patients} patients, {regimen.Regimen} {regimen.Patients}: a paired comparison needs the same cohort.", nameof(regimen));
        var differences = new double[policy.Patients];
        for (var i = 0; i < differences.Length; i++)
            differences[i] = policy.Rewards[i] - regimen.Rewards[i];
        var mean = differences.Average();
        var halfWidth = 1.96 * ZhaoEvaluation.StandardDeviation(differences) / Math.Sqrt(differences.Length);
        return new ZhaoComparison(regimen, mean, mean - halfWidth, mean + halfWidth, policy.Survival - regimen.Survival,
            policy.MeanReward > regimen.MeanReward, policy.Survival > regimen.Survival);
    }

    private static ZhaoRegimenResult Evaluate(string name, ZhaoPatient[] cohort, ZhaoRegimen regimen) =>
        ZhaoEvaluation.Run(name, cohort, regimen);

    private static ZhaoTrainingStats Train(Ppo ppo, int threads, IProgress<PpoProgress>? progress)
    {
        double rolloutSeconds = 0, optimizeSeconds = 0;
        var gradientSteps = 0;
        PpoProgress? last = null;
        var watch = Stopwatch.StartNew();
        while (ppo.CompletedUpdates < ppo.TotalUpdates)
        {
            var report = ppo.RunUpdate();
            rolloutSeconds += report.RolloutSeconds;
            optimizeSeconds += report.OptimizeSeconds;
            gradientSteps += report.GradientSteps;
            last = report;
            progress?.Report(report);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        return new ZhaoTrainingStats(ppo.GlobalStep, ppo.CompletedUpdates, gradientSteps, seconds, ppo.GlobalStep / seconds,
            ppo.GlobalStep / rolloutSeconds, gradientSteps / optimizeSeconds, threads, last?.MeanEpisodeReturn ?? double.NaN);
    }
}
