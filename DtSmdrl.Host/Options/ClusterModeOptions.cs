using System.ComponentModel.DataAnnotations;

namespace DtSmdrl.Host.Options;

/// <summary>
/// Cluster mode (the "Cluster" configuration section): the hosted service's per-patient work on a Microsoft Orleans
/// cluster. Off by default: every job then runs in process exactly as without a cluster.
/// </summary>
public sealed class ClusterModeOptions
{
    public const string Section = "Cluster";

    /// <summary>Run a silo in the service process and fan update-twins and recommend-batch out to grains.</summary>
    public bool Enabled { get; set; }

    /// <summary>Orleans cluster id: silos with the same id (and service id) form one cluster.</summary>
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", ErrorMessage = "Cluster:ClusterId must be 1-64 letters, digits, '.', '_' or '-'.")]
    public string ClusterId { get; set; } = "dtsmdrl";

    /// <summary>Orleans service id: stays the same across deployments (grain state is keyed by it).</summary>
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", ErrorMessage = "Cluster:ServiceId must be 1-64 letters, digits, '.', '_' or '-'.")]
    public string ServiceId { get; set; } = "dtsmdrl";

    /// <summary>Membership: "localhost" (development, one machine) or "redis" (production).</summary>
    [RegularExpression("^(localhost|redis)$", ErrorMessage = "Cluster:Membership must be 'localhost' or 'redis'.")]
    public string Membership { get; set; } = Localhost;

    /// <summary>Silo-to-silo port of this process.</summary>
    [Range(1, 65535, ErrorMessage = "Cluster:SiloPort must be 1-65535.")]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port of this process.</summary>
    [Range(1, 65535, ErrorMessage = "Cluster:GatewayPort must be 1-65535.")]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Localhost membership only: silo port of the primary silo every other silo joins (its own port: it is the primary).</summary>
    [Range(1, 65535, ErrorMessage = "Cluster:PrimarySiloPort must be 1-65535.")]
    public int PrimarySiloPort { get; set; } = 11111;

    /// <summary>Redis membership only: the address other silos reach this one at.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Redis membership only: StackExchange.Redis connection string (e.g. "127.0.0.1:6379"); keep a password out of appsettings.json.</summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>Tenant part of each patient grain's key (one hospital's patients; several tenants may share a cluster).</summary>
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", ErrorMessage = "Cluster:Tenant must be 1-64 letters, digits, '.', '_' or '-'.")]
    public string Tenant { get; set; } = "default";

    /// <summary>Patients a job (or the study's perfect-information search) has in flight on the cluster at once (each holds one grain call; a job's step also a store connection).</summary>
    [Range(1, 256, ErrorMessage = "Cluster:MaxConcurrentPatients must be 1-256.")]
    public int MaxConcurrentPatients { get; set; } = 8;

    /// <summary>Longest a patient's grain call may take before the job counts it failed (a crashed silo's calls end sooner).</summary>
    [Range(5, 3600, ErrorMessage = "Cluster:CallTimeoutSeconds must be 5-3600.")]
    public int CallTimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// How long a job keeps calling a patient's grain again after cluster failures (a dead silo is declared dead by the
    /// membership after its missed probes, about 10-30 s; until then calls to its grains fail). Then the run fails.
    /// </summary>
    [Range(0, 3600, ErrorMessage = "Cluster:RetrySeconds must be 0-3600.")]
    public int RetrySeconds { get; set; } = 90;

    public const string Localhost = "localhost";
    public const string Redis = "redis";
}
