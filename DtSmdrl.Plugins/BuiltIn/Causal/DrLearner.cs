namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>
/// Final stage of the DR-learner (Kennedy 2023): the doubly robust pseudo-outcomes psi regressed on the
/// covariates, cross-fitted on the nuisance folds so every row's CATE is an out-of-fold prediction.
/// </summary>
internal static class DrLearner
{
    public static double[] CrossFitCate(double[][] covariates, double[] psi, int[] fold, Contracts.Causal.CausalOptions options)
    {
        var n = psi.Length;
        var cate = new double[n];
        var learner = new MlNetLearner(options.CateLearner, options.Seed + 2);
        for (var k = 0; k < options.Folds; k++)
        {
            var test = Enumerable.Range(0, n).Where(i => fold[i] == k).ToArray();
            if (test.Length == 0) continue;
            var train = Enumerable.Range(0, n).Where(i => fold[i] != k).ToArray();
            var predicted = learner.FitPredictValue(
                train.Select(i => covariates[i]).ToArray(),
                train.Select(i => psi[i]).ToArray(),
                test.Select(i => covariates[i]).ToArray());
            for (var t = 0; t < test.Length; t++) cate[test[t]] = predicted[t];
        }
        return cate;
    }
}
