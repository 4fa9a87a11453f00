using System.ComponentModel.DataAnnotations;

namespace DtSmdrl.Host.Options;

/// <summary>The clinician web host (`dtsmdrl serve`), bound from the "Web" configuration section.</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>
    /// Address(es) Kestrel listens on, separated by ';'. The default is loopback only: listening on another
    /// interface must be configured on purpose (e.g. "http://0.0.0.0:5080" behind a TLS-terminating proxy).
    /// Port 0 picks a free port (tests).
    /// </summary>
    [Required(ErrorMessage = "Web:Urls is required.")]
    [RegularExpression("^https?://[^;\\s]+(;https?://[^;\\s]+)*$", ErrorMessage = "Web:Urls must be one or more http(s)://host:port addresses separated by ';'.")]
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Forecast trajectories simulated per plan on the patient page (posterior samples or prior draws).</summary>
    [Range(16, 2000, ErrorMessage = "Web:ForecastSamples must be 16-2000.")]
    public int ForecastSamples { get; set; } = 100;

    /// <summary>Memory for drawn forecast figures (one entry per recommendation and twin version, about 0.5 MB each).</summary>
    [Range(1, 4096, ErrorMessage = "Web:ForecastCacheMegabytes must be 1-4096.")]
    public int ForecastCacheMegabytes { get; set; } = 64;

    /// <summary>Cycles shown in the forecast figures.</summary>
    [Range(2, 24, ErrorMessage = "Web:ForecastCycles must be 2-24.")]
    public int ForecastCycles { get; set; } = 8;

    /// <summary>P(severe toxicity) over the plan above which the patient list flags the patient.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Web:SevereToxicityFlag must be 0-1.")]
    public double SevereToxicityFlag { get; set; } = 0.3;

    /// <summary>Days after the last observation after which a patient is flagged as due for a cycle (one 21-day cycle).</summary>
    [Range(1, 365, ErrorMessage = "Web:CycleDays must be 1-365.")]
    public int CycleDays { get; set; } = 21;

    /// <summary>Seed of the forecast simulations (same seed, same figures).</summary>
    public int Seed { get; set; } = 1;
}
