using System.ComponentModel.DataAnnotations;

namespace DtSmdrl.Host.Options;

/// <summary>The durable store, bound from the "Store" configuration section.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>
    /// "sqlite", "postgres", or "auto" (default): a connection string with a Host= key is PostgreSQL,
    /// anything else (e.g. "Data Source=dtsmdrl.db") is SQLite.
    /// </summary>
    [Required]
    [RegularExpression("^(auto|sqlite|postgres)$", ErrorMessage = "Store:Provider must be 'auto', 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "auto";

    /// <summary>ADO.NET connection string; a relative SQLite file is relative to the working directory.</summary>
    [Required(ErrorMessage = "Store:ConnectionString is required.")]
    [MinLength(1, ErrorMessage = "Store:ConnectionString must not be empty.")]
    public string ConnectionString { get; set; } = "Data Source=dtsmdrl.db";
}
