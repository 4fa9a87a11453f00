using System.Collections.Concurrent;
using System.Text.Json;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Provenance;
using DtSmdrl.Pipeline.Twin.Inference;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>
/// Twin-MPC's demonstrations kept for every arm of one process that asks for the same ones: the DT-SMDRL row and the
/// ablations that differ only after the warm start (shield, CVaR, meta-learning) record them once per training seed. The
/// key is a SHA-256 of everything the recording reads (seed, settings, environment, belief settings, and every patient
/// view's context, twin samples and belief particles), so two arms share an entry only when they would record the same decisions.
/// </summary>
public sealed class DemonstrationCache
{
    private readonly ConcurrentDictionary<string, Lazy<(Demonstrations, double)>> entries = new();

    /// <summary>Recordings made (not served from the cache).</summary>
    public int Recorded => recorded;

    private int recorded;

    /// <summary>The cached recording for these inputs, or <paramref name="record"/>'s result (kept).</summary>
    public (Demonstrations Demonstrations, double MeanValue) GetOrRecord(
        int seed, ImitationOptions options, TwinEnvironmentOptions environment, IReadOnlyList<PatientTwins> patients, Func<(Demonstrations, double)> record,
        ParticleBeliefOptions? belief = null)
    {
        var key = Key(seed, options, environment, patients, belief);
        return entries.GetOrAdd(key, _ => new Lazy<(Demonstrations, double)>(() =>
        {
            Interlocked.Increment(ref recorded);
            return record();
        })).Value;
    }

    private static string Key(int seed, ImitationOptions options, TwinEnvironmentOptions environment, IReadOnlyList<PatientTwins> patients, ParticleBeliefOptions? belief)
    {
        var text = JsonSerializer.SerializeToUtf8Bytes(new
        {
            seed,
            options,
            environment,
            belief,
            patients = patients.Select(p => new { p.Id, p.Context, p.Twins, Particles = belief is null ? null : p.BeliefParticles }),
        }, new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
        return ContentHash.OfBytes(text);
    }
}
