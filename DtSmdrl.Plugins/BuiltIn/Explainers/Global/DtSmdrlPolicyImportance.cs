using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Agent.Arms;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin;
using DtSmdrl.Plugins.BuiltIn.Explainers.Models;
using DtSmdrl.Plugins.Contracts.Explainers;

namespace DtSmdrl.Plugins.BuiltIn.Explainers.Global;

/// <summary>
/// Global biomarker importance per regimen of the DT-SMDRL policy: KernelSHAP attributions of the learned
/// initialisation's first-decision action probabilities (softmax of <see cref="PolicyExplainableModel"/>'s logits) over
/// the 19 patient context features, mean |phi| over an evenly spaced subset of the test patients, against an evenly
/// spaced background of training patients. The decision-time twin observation of each explained patient comes from one
/// twin of its conditioned prior. It explains the policy the arm adapts from, not the per-patient adapted policies.
/// </summary>
public static class DtSmdrlPolicyImportance
{
    /// <summary>Importance rows (method = the method's name) for every treatment action but hold; the method must be fitted.</summary>
    public static IReadOnlyList<RegimenImportance> Compute(DtSmdrlMethod method, IReadOnlyList<StudyPatient> test, IReadOnlyList<StudyPatient> train,
        int seed, GlobalImportanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(train);
        options ??= new GlobalImportanceOptions();
        options.Validate();
        var init = method.Initialization ?? throw new InvalidOperationException($"{method.Name}: fit the method before explaining it.");
        if (test.Count == 0 || train.Count == 0) throw new ArgumentException($"Need test and training patients (got {test.Count} and {train.Count}).");
        var explained = EvenlySpaced(test, options.Patients);
        var background = EvenlySpaced(train, options.BackgroundPatients);
        var environment = method.Options.Environment;
        var actions = environment.Simulation.Actions;
        using var policy = init.ToPolicy();
        var logits = PolicyExplainableModel.Create(policy, actions, method.Name, PolicyExplainableModel.DecisionStates(explained, environment, seed));
        var model = logits with
        {
            Outputs = actions.Select(a => $"P({a.Name})").ToList(),
            Predict = (context, rows) => logits.Predict(context, rows).Select(Softmax).ToArray(),
            Gradient = null,
        };
        var outputs = Enumerable.Range(0, actions.Count).Where(a => actions[a].Name != "hold").ToList();
        return GlobalImportanceTable.Rank(method.Name, model, explained.Select(p => p.Id).ToList(), explained.Select(Context).ToList(),
            outputs, outputs.Select(a => actions[a].Name).ToList(), background.Select(Context).ToList(), new ExplainerOptions(seed, options.Samples));
    }

    /// <summary>At most <paramref name="count"/> items at an even stride from the start (all of them when there are fewer).</summary>
    public static IReadOnlyList<T> EvenlySpaced<T>(IReadOnlyList<T> items, int count)
    {
        if (items.Count <= count) return items;
        var stride = items.Count / (double)count;
        return Enumerable.Range(0, count).Select(k => items[(int)(k * stride)]).ToList();
    }

    private static double[] Context(StudyPatient p) => PatientContext.Features(p.Observed).Select(v => (double)v).ToArray();

    private static double[] Softmax(double[] logits)
    {
        var max = logits.Max();
        var e = logits.Select(v => Math.Exp(v - max)).ToArray();
        var sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }
}
