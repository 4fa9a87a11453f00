using DtSmdrl.Pipeline.Planning;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Inference;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// Twin-MPC's decisions on training patients, as the DT-SMDRL policy sees them: the imitation warm start's data.
/// Twin-MPC plans from each patient's observed record and course (its belief source, with the agent's prior); the episode
/// runs on one of the agent's own twin samples of the patient (drawn from the agent's source, never the true twin), with
/// dice of its own. Nothing here reads a training patient's truth.
/// </summary>
public static class TwinMpcDemonstrations
{
    /// <summary>
    /// Records the demonstrations; <paramref name="patients"/> are the agent's views of <c>data.Train</c>, in order. With
    /// <paramref name="belief"/> (a policy that reads the in-course belief), every row ends with the summary of the patient's
    /// belief, started from its <see cref="PatientTwins.BeliefParticles"/> and updated along the episode as the policy's would be.
    /// </summary>
    public static (Demonstrations Demonstrations, double MeanValue) Record(
        StudyData data, IReadOnlyList<PatientTwins> patients, TwinMpcMethod teacher, ImitationOptions options, int seed, int workers,
        IProgress<string>? progress = null, ParticleBeliefOptions? belief = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(patients);
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (patients.Count != data.Train.Count)
            throw new ArgumentException($"{patients.Count} patient views for {data.Train.Count} training patients.", nameof(patients));
        var rng = new Random(unchecked(seed * 7919 + 5));
        var chosen = Enumerable.Range(0, patients.Count).OrderBy(_ => rng.Next()).Take(options.Patients).Order().ToList();
        var episodes = Math.Min(options.EpisodesPerPatient, patients.Min(p => p.Twins.Length));
        var environment = teacher.Options.Environment;
        var demonstrations = new Demonstrations(AgentObservation.Size(patients[0].InputContextSize(belief is not null)), environment.Simulation.Actions.Count);
        teacher.Fit(data, seed);
        var records = chosen.Select(i => data.Train[i].Observed).ToList();
        progress?.Report($"imitation: Twin-MPC demonstrates on {chosen.Count} training patients x {episodes} twin sample(s)");
        var plan = teacher.Prepare(records);
        var contexts = chosen.Select(i => patients[i].Context).ToList();
        var episodeBelief = belief is null
            ? null
            : new EpisodeBelief(new BatchedTwinBelief(chosen.Count, environment.Simulation, belief with { Threads = workers }),
                chosen.Select(i => patients[i].BeliefParticles ?? throw new ArgumentException($"Training patient {i} has no belief particles.", nameof(patients))).ToList(),
                unchecked(seed * 7717 + 6), Input: true);
        var recorder = new DemonstrationRecorder(plan.Policy, contexts, environment.Simulation.Actions, demonstrations, episodeBelief);
        var ids = chosen.Select(i => patients[i].Id).ToList();
        var runner = new EpisodeRunner(environment);
        var values = new List<double>();
        for (var e = 0; e < episodes; e++)
        {
            var twins = chosen.Select(i => patients[i].Twins[e]).ToArray();
            var seeds = chosen.Select(_ => (ulong)rng.NextInt64()).ToArray();
            values.AddRange(runner.Run(recorder, ids, twins, seeds, workers, replicate: e).Select(r => r.Value));
        }
        return (demonstrations, values.Average());
    }
}
