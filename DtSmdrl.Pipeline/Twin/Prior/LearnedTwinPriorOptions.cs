using DtSmdrl.Pipeline.Twin.Inference;

namespace DtSmdrl.Pipeline.Twin.Prior;

/// <summary>Settings of <see cref="LearnedTwinPrior"/>: the course posterior fits, the learner and the cross-fitting.</summary>
public sealed record LearnedTwinPriorOptions
{
    /// <summary>The learner (LightGBM or linear); see prior-eval's table for how each scores.</summary>
    public PriorModelKind Model { get; init; } = PriorModelKind.Linear;

    /// <summary>Outer folds over the training patients: a training patient's prior comes from the model fitted without its fold.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Inner folds inside each fitted model's own patients, for its out-of-fold spread and responder calibration.</summary>
    public int InnerFolds { get; init; } = 3;

    /// <summary>
    /// Particle posterior of the training courses (fewer particles and a coarser step than Twin-MPC's in-course posterior:
    /// the fits only need each patient's posterior mean and sd; the default step 0.5 changes simulated ANC and SLD well
    /// under their measurement noise, Twin/README.md).
    /// </summary>
    public PosteriorOptions Posterior { get; init; } = new() { Particles = 256, MoveSweeps = 3, StepSize = 0.5 };

    /// <summary>Workers for the posterior fits (results do not depend on it).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>LightGBM boosting iterations.</summary>
    public int LightGbmIterations { get; init; } = 100;

    /// <summary>LightGBM leaves per tree.</summary>
    public int LightGbmLeaves { get; init; } = 4;

    /// <summary>LightGBM smallest leaf (patients; the responder model counts each patient twice, once per soft label).</summary>
    public int LightGbmMinLeaf { get; init; } = 8;

    /// <summary>L2 regularisation candidates of the linear models (ML.NET scale: against the summed loss); one is chosen per target by inner out-of-fold loss.</summary>
    public float[] LinearL2Grid { get; init; } = [1f, 10f, 100f, 1000f];

    /// <summary>Throws naming the setting when a value is invalid.</summary>
    public void Validate()
    {
        if (Folds < 2 || InnerFolds < 2)
        {
            throw new ArgumentException($"{nameof(LearnedTwinPriorOptions)}: {nameof(Folds)} = {Folds} and {nameof(InnerFolds)} = {InnerFolds} must be >= 2.");
        }

        if (Threads < 1)
        {
            throw new ArgumentException($"{nameof(LearnedTwinPriorOptions)}.{nameof(Threads)} = {Threads} must be >= 1.");
        }

        if (LightGbmIterations < 1 || LightGbmLeaves < 2 || LightGbmMinLeaf < 1)
        {
            throw new ArgumentException($"{nameof(LearnedTwinPriorOptions)}: LightGBM needs iterations >= 1, leaves >= 2 and a smallest leaf >= 1.");
        }

        if (LinearL2Grid is not { Length: > 0 } || LinearL2Grid.Any(l2 => !(l2 >= 0) || !float.IsFinite(l2)))
        {
            throw new ArgumentException($"{nameof(LearnedTwinPriorOptions)}.{nameof(LinearL2Grid)} needs at least one finite value >= 0.");
        }

        ArgumentNullException.ThrowIfNull(Posterior, nameof(Posterior));
        Posterior.Validate();
    }
}
