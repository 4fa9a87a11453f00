using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>
/// Treatment effects on a right-censored time to event, at a horizon h and as a hazard ratio.
/// <list type="bullet">
/// <item>Kaplan-Meier per arm (unadjusted; Greenwood se for survival, infinitesimal-jackknife se for RMST).</item>
/// <item>IPW Kaplan-Meier: each arm's curve weighted by 1/e(x) or 1/(1 - e(x)) with the cross-fitted propensity
/// (Cole and Hernán 2004); infinitesimal-jackknife se treating the weights as known.</item>
/// <item>Doubly robust: AIPW on the censoring-weighted outcome Y* = known_i Y_i / G_i, with Y = 1{T &gt; h} for
/// survival and min(T, h) for RMST (see <see cref="CensoringWeights"/>); E[Y* | A, X] = E[Y | A, X] when the
/// censoring model is right, so the estimate is consistent when it is and either the propensity or the
/// outcome models are; influence-function se.</item>
/// <item>Cox hazard ratio with Efron ties (<see cref="CoxRegression"/>): treatment only and adjusted for every
/// covariate; the adjusted one is conditional on the covariates, not a marginal ratio.</item>
/// </list>
/// The AIPW scores of the RMST difference are the pseudo-outcomes of effect modification on this scale.
/// </summary>
public sealed class SurvivalEffectEstimator : ISurvivalEffectEstimator
{
    /// <inheritdoc/>
    public string Name => "Kaplan-Meier, IPW Kaplan-Meier, AIPW with censoring weights, Cox (Efron)";

    /// <inheritdoc/>
    public SurvivalEffectEstimate EstimateSurvivalEffects(TimeToEventDataset data, SurvivalQuery query, CausalOptions options)
    {
        var horizon = Prepare(data, query, options);
        var z = CausalStatistics.NormalCritical(query.Level);
        var warnings = new List<string>();

        var fold = CrossFitting.AssignFolds(data.Treated, options.Folds, options.Seed);
        var (known, g, clipped) = CensoringWeights.Compute(data.Covariates, data.Treated, data.Time, data.Event, horizon, options.CensoringWeightClip);
        var survivalScores = Aipw(data, known, g, i => data.Time[i] > horizon ? 1 : 0, options, fold);
        var rmstScores = Aipw(data, known, g, i => Math.Min(data.Time[i], horizon), options, fold);
        var propensity = survivalScores.Scores.Propensity;

        var units = data.Treated.Select(_ => 1.0).ToArray();
        var ipw = data.Treated.Select((t, i) => t ? 1 / propensity[i] : 1 / (1 - propensity[i])).ToArray();
        var naiveTreated = Arm(data, true, units, horizon);
        var naiveControl = Arm(data, false, units, horizon);
        var ipwTreated = Arm(data, true, ipw, horizon);
        var ipwControl = Arm(data, false, ipw, horizon);

        var survival = new List<ArmContrast>
        {
            Contrast("Kaplan-Meier (unadjusted)", naiveTreated.Survival, naiveControl.Survival,
                Math.Sqrt(Square(naiveTreated.GreenwoodStandardError) + Square(naiveControl.GreenwoodStandardError)), z, "Greenwood"),
            Contrast("IPW Kaplan-Meier", ipwTreated.Survival, ipwControl.Survival,
                Math.Sqrt(Square(ipwTreated.SurvivalStandardError) + Square(ipwControl.SurvivalStandardError)), z, "infinitesimal jackknife (weights as known)"),
            survivalScores.Contrast("doubly robust (AIPW, censoring weights)", z),
        };
        var restricted = new List<ArmContrast>
        {
            Contrast("Kaplan-Meier (unadjusted)", naiveTreated.RestrictedMean, naiveControl.RestrictedMean,
                Math.Sqrt(Square(naiveTreated.RestrictedMeanStandardError) + Square(naiveControl.RestrictedMeanStandardError)), z, "infinitesimal jackknife"),
            Contrast("IPW Kaplan-Meier", ipwTreated.RestrictedMean, ipwControl.RestrictedMean,
                Math.Sqrt(Square(ipwTreated.RestrictedMeanStandardError) + Square(ipwControl.RestrictedMeanStandardError)), z, "infinitesimal jackknife (weights as known)"),
            rmstScores.Contrast("doubly robust (AIPW, censoring weights)", z),
        };

        var treatment = data.Treated.Select(t => new[] { t ? 1.0 : 0.0 }).ToArray();
        var full = data.Covariates.Select((row, i) => row.Prepend(data.Treated[i] ? 1.0 : 0.0).ToArray()).ToArray();
        var hazardRatios = new List<HazardRatioEstimate>
        {
            HazardRatio("Cox (treatment only)", CoxRegression.Fit(treatment, data.Time, data.Event), ["treatment"], z),
            HazardRatio($"Cox (adjusted for {data.CovariateNames.Count} covariates)", CoxRegression.Fit(full, data.Time, data.Event), ["treatment", .. data.CovariateNames], z),
        };
        foreach (var dropped in hazardRatios[1].DroppedCovariates)
            warnings.Add($"Cox (adjusted): covariate '{dropped}' is constant in the analysed rows and was left out.");

        var overlap = OverlapDiagnosis.Diagnose(data.Treated, survivalScores.Scores.RawPropensity, propensity, options.PropensityTrim);
        var weighted = known.Count(k => k);
        var censoring = new CensoringWeightSummary(CensoringWeights.Model, known.Select((k, i) => k ? g[i] : 1).Min(), weighted == 0 ? 0 : (double)clipped / weighted, options.CensoringWeightClip, weighted);
        if (clipped > 0)
            warnings.Add($"{clipped} of {weighted} censoring probabilities were raised to {options.CensoringWeightClip}: heavy censoring before the horizon {horizon}; consider an earlier horizon.");
        if (horizon > DefaultHorizon(data))
            warnings.Add($"The horizon {horizon} is past the last follow-up of one arm ({DefaultHorizon(data)}): its curve is extrapolated as flat there.");
        var trimmed = overlap.ShareTrimmedLow + overlap.ShareTrimmedHigh;
        if (trimmed > 0.05)
            warnings.Add($"{trimmed:P1} of propensities were clipped to [{overlap.Trim}, {1 - overlap.Trim}]: overlap is poor.");

        var estimate = new SurvivalEffectEstimate(
            Name, query with { Horizon = horizon }, horizon, data.Count, data.TreatedCount, data.ControlCount,
            data.Event.Where((e, i) => e && data.Treated[i]).Count(), data.Event.Where((e, i) => e && !data.Treated[i]).Count(),
            survival, restricted, hazardRatios, overlap, censoring, warnings);
        return estimate;
    }

    /// <summary>
    /// The RMST difference at the horizon by subgroup of each modifier: the doubly robust scores (AIPW with
    /// censoring weights) averaged in each subgroup, the DR-learner's CATE on them, and the unadjusted
    /// Kaplan-Meier RMST difference in the subgroup.
    /// </summary>
    public EffectModificationReport EstimateEffectModification(TimeToEventDataset data, SurvivalQuery query, CausalOptions options, IReadOnlyList<ModifierColumn> modifiers)
    {
        var horizon = Prepare(data, query, options);
        var fold = CrossFitting.AssignFolds(data.Treated, options.Folds, options.Seed);
        var (known, g, _) = CensoringWeights.Compute(data.Covariates, data.Treated, data.Time, data.Event, horizon, options.CensoringWeightClip);
        var scores = Aipw(data, known, g, i => Math.Min(data.Time[i], horizon), options, fold).Scores;
        var cate = DrLearner.CrossFitCate(data.Covariates, scores.Psi, fold, options);
        var z = CausalStatistics.NormalCritical(query.Level);
        EffectInterval? Naive(int[] rows)
        {
            var subset = new TimeToEventDataset(data.CovariateNames, rows.Select(i => data.Covariates[i]).ToArray(),
                rows.Select(i => data.Treated[i]).ToArray(), rows.Select(i => data.Time[i]).ToArray(), rows.Select(i => data.Event[i]).ToArray());
            var units = subset.Treated.Select(_ => 1.0).ToArray();
            var treated = Arm(subset, true, units, horizon);
            var control = Arm(subset, false, units, horizon);
            var se = Math.Sqrt(Square(treated.RestrictedMeanStandardError) + Square(control.RestrictedMeanStandardError));
            return Contrast("Kaplan-Meier", treated.RestrictedMean, control.RestrictedMean, se, z, "infinitesimal jackknife").Difference;
        }
        var scale = $"RMST difference at horizon {horizon.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        return EffectModificationAnalysis.Analyse(scale, modifiers, scores.Psi, cate, data.Treated, data.Event, Naive, query.Level);
    }

    /// <summary>Validates the inputs and resolves the horizon.</summary>
    private static double Prepare(TimeToEventDataset data, SurvivalQuery query, CausalOptions options)
    {
        options.Validate();
        data.Validate();
        if (!(query.Level > 0 && query.Level < 1)) throw new ArgumentException($"SurvivalQuery.Level must be in (0, 1), got {query.Level}.");
        var smallestArm = Math.Min(data.TreatedCount, data.ControlCount);
        if (smallestArm < options.Folds)
            throw new ArgumentException($"The smaller arm has {smallestArm} rows, fewer than the {options.Folds} cross-fitting folds.");
        var horizon = query.Horizon ?? DefaultHorizon(data);
        if (!(horizon > 0 && double.IsFinite(horizon))) throw new ArgumentException($"The horizon must be a positive time, got {horizon}.");
        return horizon;
    }

    /// <summary>survRM2's default horizon: the smaller of the two arms' largest follow-up times.</summary>
    public static double DefaultHorizon(TimeToEventDataset data) =>
        Math.Min(data.Time.Where((_, i) => data.Treated[i]).Max(), data.Time.Where((_, i) => !data.Treated[i]).Max());

    private sealed record ArmScores(AipwScores Scores, double[] Treated, double[] Control)
    {
        public ArmContrast Contrast(string method, double z)
        {
            var n = Scores.Psi.Length;
            var se = Scores.StandardError;
            return new ArmContrast(method, Treated.Average(), Control.Average(),
                new EffectInterval(Scores.Average, Scores.Average - z * se, Scores.Average + z * se, se, "influence function sd(psi)/sqrt(n)"));
        }
    }

    private static ArmScores Aipw(TimeToEventDataset data, bool[] known, double[] g, Func<int, double> outcome, CausalOptions options, int[] fold)
    {
        var weighted = Enumerable.Range(0, data.Count).Select(i => known[i] ? outcome(i) / g[i] : 0.0).ToArray();
        var dataset = new ObservationalDataset(data.CovariateNames, data.Covariates, data.Treated, weighted);
        var scores = AipwScores.Compute(dataset, OutcomeKind.Continuous, options, fold, options.Seed);
        var treated = new double[data.Count];
        var control = new double[data.Count];
        for (var i = 0; i < data.Count; i++)
        {
            var e = scores.Propensity[i];
            treated[i] = scores.Mu1[i] + (data.Treated[i] ? (weighted[i] - scores.Mu1[i]) / e : 0);
            control[i] = scores.Mu0[i] + (data.Treated[i] ? 0 : (weighted[i] - scores.Mu0[i]) / (1 - e));
        }
        return new ArmScores(scores, treated, control);
    }

    private static KaplanMeierAtHorizon Arm(TimeToEventDataset data, bool arm, double[] weight, double horizon)
    {
        var rows = Enumerable.Range(0, data.Count).Where(i => data.Treated[i] == arm).ToArray();
        return WeightedKaplanMeier.Estimate(rows.Select(i => data.Time[i]).ToArray(), rows.Select(i => data.Event[i]).ToArray(), rows.Select(i => weight[i]).ToArray(), horizon);
    }

    private static ArmContrast Contrast(string method, double treated, double control, double se, double z, string interval)
    {
        var difference = treated - control;
        return new ArmContrast(method, treated, control, new EffectInterval(difference, difference - z * se, difference + z * se, se, interval));
    }

    private static HazardRatioEstimate HazardRatio(string method, CoxFit fit, IReadOnlyList<string> names, double z)
    {
        var k = Array.IndexOf(fit.Kept, 0);
        if (k < 0) throw new ArgumentException("Cox regression: the treatment is constant in the analysed rows.");
        var b = fit.Coefficients[k];
        var se = fit.StandardError(k);
        var dropped = Enumerable.Range(0, names.Count).Where(j => !fit.Kept.Contains(j)).Select(j => names[j]).ToArray();
        return new HazardRatioEstimate(method, b, se, Math.Exp(b), Math.Exp(b - z * se), Math.Exp(b + z * se), "Efron", fit.LogLikelihood, dropped);
    }

    private static double Square(double x) => x * x;
}
