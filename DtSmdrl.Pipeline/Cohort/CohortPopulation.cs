using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Cohort;

/// <summary>
/// The population the synthetic cohort generator draws from: every number it uses for the patients (population files,
/// <c>dtsmdrl synth --population FILE.json</c>; <see cref="PopulationFile"/> reads and writes them).
/// <list type="table">
/// <item><term>latent</term><description>the covariate mix (EGFR prevalence, PD-L1 strata, TMB, age, ECOG) and the latent
/// twin distributions with their links to the biomarkers (<see cref="TwinPriorOptions"/>)</description></item>
/// <item><term>observation</term><description>how the observed modalities follow the latent twin, and missingness (<see cref="ObservationLinks"/>)</description></item>
/// <item><term>clinician</term><description>the retrospective course's first-line choices (<see cref="ClinicianPolicyOptions"/>)</description></item>
/// </list>
/// It only drives the generator: the study's methods never read it (their twin prior stays the built-in
/// <see cref="TwinPriorOptions"/>, so on another population that prior is misspecified, as it would be in practice).
/// Fixed in code, not in the file: the age clip 30-90 of the covariate draw, the reference points of the burden, growth
/// and resistance drivers (<see cref="Readout"/>), the wearable sampling schedule and the note's wording.
/// </summary>
public sealed record CohortPopulation
{
    /// <summary>Version of the population file format.</summary>
    public int FormatVersion { get; init; } = 1;

    /// <summary>Free text: what population this is and where its numbers come from.</summary>
    public string Description { get; init; } = BuiltInDescription;

    /// <summary>Covariate mix and latent twin distributions.</summary>
    public TwinPriorOptions Latent { get; init; } = new();

    /// <summary>Links from the latent twin to the observed modalities.</summary>
    public ObservationLinks Observation { get; init; } = new();

    /// <summary>The clinician of the retrospective course.</summary>
    public ClinicianPolicyOptions Clinician { get; init; } = new();

    /// <summary>The description of the built-in population.</summary>
    public const string BuiltInDescription = "Built-in defaults: first-line advanced NSCLC, Western population (EGFR-mutant about 15%).";

    /// <summary>The built-in population.</summary>
    public static CohortPopulation Default { get; } = new();

    /// <summary>Throws <see cref="PopulationException"/> naming the first field (as a JSON path) that cannot drive the generator.</summary>
    public void Validate()
    {
        if (FormatVersion != 1) throw new PopulationException("format_version", $"{FormatVersion} is not a supported version (1)");
        if (Description.Length > 2000) throw new PopulationException("description", "is longer than 2,000 characters");
        PopulationChecks.Latent(Latent, "latent");
        Observation.Validate("observation");
        Clinician.Validate("clinician");
    }
}
