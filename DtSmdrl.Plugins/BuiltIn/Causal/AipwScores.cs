using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>
/// Cross-fitted nuisances and AIPW scores of one dataset. For each fold k, the propensity e(x) and the
/// per-arm outcome models mu0(x), mu1(x) are fitted on the other folds and predict fold k; then
/// psi_i = mu1 - mu0 + T (Y - mu1) / e - (1 - T)(Y - mu0) / (1 - e), with e clipped to [trim, 1 - trim].
/// The mean of psi is the AIPW average effect and psi is the DR-learner's pseudo-outcome.
/// </summary>
internal sealed record AipwScores(double[] Psi, double[] RawPropensity, double[] Propensity, double[] Mu0, double[] Mu1, int[] Fold)
{
    public double Average => CausalStatistics.Mean(Psi);

    /// <summary>Influence-function standard error sd(psi) / sqrt(n).</summary>
    public double StandardError => CausalStatistics.StandardDeviation(Psi) / Math.Sqrt(Psi.Length);

    /// <summary>Cross-fits the nuisances on <paramref name="data"/> with folds from <paramref name="fold"/>.</summary>
    public static AipwScores Compute(ObservationalDataset data, OutcomeKind outcome, CausalOptions options, int[] fold, int seed)
    {
        var n = data.Count;
        var rawE = new double[n];
        var mu0 = new double[n];
        var mu1 = new double[n];
        var propensity = new MlNetLearner(options.PropensityLearner, seed);
        var outcomeLearner = new MlNetLearner(options.OutcomeLearner, seed + 1);
        for (var k = 0; k < options.Folds; k++)
        {
            var test = Enumerable.Range(0, n).Where(i => fold[i] == k).ToArray();
            if (test.Length == 0) continue;
            var train = Enumerable.Range(0, n).Where(i => fold[i] != k).ToArray();
            var testX = test.Select(i => data.Covariates[i]).ToArray();

            var e = propensity.FitPredictProbability(train.Select(i => data.Covariates[i]).ToArray(), train.Select(i => data.Treated[i]).ToArray(), testX);
            var m1 = FitArm(outcomeLearner, data, outcome, train.Where(i => data.Treated[i]).ToArray(), testX);
            var m0 = FitArm(outcomeLearner, data, outcome, train.Where(i => !data.Treated[i]).ToArray(), testX);
            for (var t = 0; t < test.Length; t++)
            {
                rawE[test[t]] = e[t];
                mu1[test[t]] = m1[t];
                mu0[test[t]] = m0[t];
            }
        }

        var clipped = rawE.Select(e => Math.Clamp(e, options.PropensityTrim, 1 - options.PropensityTrim)).ToArray();
        var psi = new double[n];
        for (var i = 0; i < n; i++)
        {
            var y = data.Outcome[i];
            psi[i] = mu1[i] - mu0[i] + (data.Treated[i]
                ? (y - mu1[i]) / clipped[i]
                : -(y - mu0[i]) / (1 - clipped[i]));
        }
        return new AipwScores(psi, rawE, clipped, mu0, mu1, fold);
    }

    private static double[] FitArm(MlNetLearner learner, ObservationalDataset data, OutcomeKind outcome, int[] rows, double[][] predict)
    {
        var x = rows.Select(i => data.Covariates[i]).ToArray();
        if (outcome == OutcomeKind.Binary)
            return learner.FitPredictProbability(x, rows.Select(i => data.Outcome[i] > 0.5).ToArray(), predict);
        return learner.FitPredictValue(x, rows.Select(i => data.Outcome[i]).ToArray(), predict);
    }
}
