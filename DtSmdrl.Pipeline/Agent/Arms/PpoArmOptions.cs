using DtSmdrl.Pipeline.Env;

namespace DtSmdrl.Pipeline.Agent.Arms;

/// <summary>Settings of the PPO study arms (DRL, Digital Twin + DRL).</summary>
public sealed record PpoArmOptions
{
    /// <summary>PPO hyperparameters; the arm sets the seed and (for these arms) switches the cost constraint off.</summary>
    public PpoOptions Ppo { get; init; } = new() { TotalSteps = 120_000 };

    /// <summary>Twin slots stepped together in training.</summary>
    public int NumEnvs { get; init; } = 64;

    /// <summary>DRL: population twins in the training pool.</summary>
    public int PopulationPool { get; init; } = 2000;

    /// <summary>Twin + DRL: twins drawn from each training patient's conditioned prior.</summary>
    public int TwinsPerPatient { get; init; } = 4;

    /// <summary>Twins per test patient used to state the plan's response probability.</summary>
    public int ResponseSamples { get; init; } = 16;

    /// <summary>libtorch intra-op threads (1 is fastest for these small networks; see the agent's benchmark).</summary>
    public int TorchThreads { get; init; } = 1;

    /// <summary>Episode settings (must match the study's).</summary>
    public TwinEnvironmentOptions Environment { get; init; } = new();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        static void Require(bool ok, string field, int value)
        {
            if (!ok) throw new ArgumentException($"PpoArmOptions.{field} = {value} is invalid: must be >= 1.");
        }
        Require(NumEnvs >= 1, nameof(NumEnvs), NumEnvs);
        Require(PopulationPool >= 1, nameof(PopulationPool), PopulationPool);
        Require(TwinsPerPatient >= 1, nameof(TwinsPerPatient), TwinsPerPatient);
        Require(ResponseSamples >= 1, nameof(ResponseSamples), ResponseSamples);
        Require(TorchThreads >= 1, nameof(TorchThreads), TorchThreads);
        Ppo.Validate();
        Environment.Validate();
    }
}
