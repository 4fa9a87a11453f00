namespace DtSmdrl.Pipeline.Agent;

/// <summary>The architecture of an <see cref="ActorCritic"/>: enough to rebuild it before loading weights.</summary>
public sealed record NetworkShape(int ObservationSize, int ActionCount, int HiddenSize, int HiddenLayers, bool SharedTrunk)
{
    /// <summary>The shape PPO builds for an environment and options.</summary>
    public static NetworkShape For(IVectorEnv env, PpoOptions options) =>
        new(env.ObservationSize, env.ActionCount, options.HiddenSize, options.HiddenLayers, options.SharedTrunk);
}
