using System.Diagnostics;
using Microsoft.ML;

namespace DtSmdrl.Pipeline.Baselines.Supervised;

/// <summary>Cross-validated scores of one trainer candidate.</summary>
/// <param name="Candidate">Candidate name.</param>
/// <param name="Auc">AUC of the pooled out-of-fold probabilities.</param>
/// <param name="Brier">Brier score of the pooled out-of-fold probabilities (the selection criterion).</param>
/// <param name="Seconds">Wall-clock time of the k fits.</param>
public sealed record CandidateScore(string Candidate, double Auc, double Brier, double Seconds);

/// <summary>Result of a sweep: every candidate's scores, the chosen one, and the no-feature reference.</summary>
/// <param name="Scores">Scores of every candidate, in sweep order.</param>
/// <param name="Chosen">The candidate with the lowest out-of-fold Brier score.</param>
/// <param name="BaseRate">Out-of-fold scores of the smoothed training-fold rate (the same probability for everyone).</param>
public sealed record SweepResult(IReadOnlyList<CandidateScore> Scores, TrainerCandidate Chosen, CandidateScore BaseRate)
{
    public const string BaseRateName = "base-rate";

    public CandidateScore ChosenScore => Scores.Single(s => s.Candidate == Chosen.Name);

    /// <summary>Whether the chosen trainer beats the no-feature rate on out-of-fold Brier score; if not, the features did not help.</summary>
    public bool BeatsBaseRate => ChosenScore.Brier < BaseRate.Brier;
}

/// <summary>
/// The model-selection sweep: stratified k-fold cross-validation of each candidate on the training split;
/// the candidate with the lowest pooled out-of-fold Brier score wins (a proper scoring rule, so it rewards
/// both ranking and probability accuracy; ties go to the earlier, simpler candidate). The smoothed
/// training-fold rate is scored the same way as a reference: a cell whose best trainer does not beat it
/// is modelled by the rate (the features do not help there). ML.NET's
/// <c>CrossValidate</c> is not used because its folds are not stratified by label: with the 5-10 events
/// a small regimen cell has, a fold without events makes AUC undefined and the estimate noisy.
/// </summary>
public static class CrossValidationSweep
{
    public static SweepResult Run(MLContext ml, FeatureTable table, IReadOnlyList<TrainerCandidate> candidates, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (candidates.Count == 0) throw new ArgumentException("The sweep needs at least one candidate.", nameof(candidates));
        var fold = table.StratifiedFolds(folds, seed);
        var scores = new List<CandidateScore>();
        foreach (var candidate in candidates)
        {
            var clock = Stopwatch.StartNew();
            var outOfFold = new double[table.Count];
            for (var k = 0; k < folds; k++)
            {
                var trainRows = Enumerable.Range(0, table.Count).Where(i => fold[i] != k).ToArray();
                var holdOut = Enumerable.Range(0, table.Count).Where(i => fold[i] == k).ToArray();
                if (holdOut.Length == 0) continue;
                var model = candidate.Create(ml, seed + k).Fit(table.ToDataView(ml, trainRows));
                var p = FeatureTable.Probabilities(model, table.ToDataView(ml, holdOut));
                for (var j = 0; j < holdOut.Length; j++) outOfFold[holdOut[j]] = p[j];
            }
            scores.Add(new CandidateScore(candidate.Name, BinaryScores.Auc(outOfFold, table.Labels), BinaryScores.Brier(outOfFold, table.Labels), clock.Elapsed.TotalSeconds));
        }
        var best = 0;
        for (var c = 1; c < scores.Count; c++)
            if (scores[c].Brier < scores[best].Brier) best = c;
        return new SweepResult(scores, candidates[best], BaseRateScore(table, fold, folds));
    }

    private static CandidateScore BaseRateScore(FeatureTable table, int[] fold, int folds)
    {
        var outOfFold = new double[table.Count];
        for (var k = 0; k < folds; k++)
        {
            int n = 0, events = 0;
            for (var i = 0; i < table.Count; i++)
                if (fold[i] != k)
                {
                    n++;
                    if (table.Labels[i]) events++;
                }
            for (var i = 0; i < table.Count; i++)
                if (fold[i] == k) outOfFold[i] = (events + 1.0) / (n + 2.0);
        }
        return new CandidateScore(SweepResult.BaseRateName, BinaryScores.Auc(outOfFold, table.Labels), BinaryScores.Brier(outOfFold, table.Labels), 0);
    }
}
