using System.ComponentModel.DataAnnotations;

namespace DtSmdrl.Host.Options;

/// <summary>The periodic `study` job, bound from the "StudyJob" configuration section.</summary>
public sealed class StudyJobOptions
{
    public const string Section = "StudyJob";

    /// <summary>"quick" or "full" (as `dtsmdrl study --profile`).</summary>
    [RegularExpression("^(quick|full)$", ErrorMessage = "StudyJob:Profile must be 'quick' or 'full'.")]
    public string Profile { get; set; } = "quick";

    public int Seed { get; set; } = 1;

    /// <summary>Each run writes to "{OutputFolder}/run-{job run id}".</summary>
    [Required(ErrorMessage = "StudyJob:OutputFolder is required.")]
    public string OutputFolder { get; set; } = "study-runs";

    /// <summary>Cohort folder to use instead of generating one.</summary>
    public string? CohortFolder { get; set; }

    [Range(1, 256, ErrorMessage = "StudyJob:Threads must be 1-256.")]
    public int Threads { get; set; } = 1;
}
