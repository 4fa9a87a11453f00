using System.Data.Common;

namespace DtSmdrl.Host.Storage;

/// <summary>Lifecycle of a registered model.</summary>
public static class ModelStatus
{
    /// <summary>Trained, not (yet) promoted.</summary>
    public const string Candidate = "candidate";
    /// <summary>In use; the newest promoted version is the current model.</summary>
    public const string Promoted = "promoted";
    /// <summary>Evaluated and not promoted (the decision says why).</summary>
    public const string Rejected = "rejected";
}

/// <summary>One version of a recommendation model.</summary>
/// <param name="Version">1, 2, ...</param>
/// <param name="Engine">Engine name (e.g. "supervised-twin").</param>
/// <param name="FilePath">Model file.</param>
/// <param name="FileSha256">SHA-256 of the file when registered.</param>
/// <param name="ManifestJson">The model's manifest.</param>
/// <param name="MetricsJson">Training and held-out metrics.</param>
/// <param name="Status">See <see cref="ModelStatus"/>.</param>
/// <param name="Decision">Promotion decision text, when evaluated.</param>
/// <param name="CreatedAtMs">Unix milliseconds.</param>
/// <param name="PromotedAtMs">When promoted.</param>
public sealed record StoredModel(
    int Version, string Engine, string FilePath, string FileSha256, string ManifestJson, string MetricsJson,
    string Status, string? Decision, long CreatedAtMs, long? PromotedAtMs);

/// <summary>The models table: every trained model, versioned; the current one is the newest promoted.</summary>
public sealed class ModelStore(Database database)
{
    private const string Columns = "version, engine, file_path, file_sha256, manifest_json, metrics_json, status, decision, created_at, promoted_at";

    /// <summary>Registers a model as the next version; returns the version.</summary>
    public static int Register(DbTransaction transaction, string engine, string filePath, string fileSha256, string manifestJson,
        string metricsJson, string status, string? decision, long nowMs)
    {
        var version = (int)Sql.ToLong(transaction.Scalar("SELECT MAX(version) FROM models")) + 1;
        transaction.Execute(
            $"INSERT INTO models ({Columns}) VALUES (@v, @e, @f, @h, @m, @x, @s, @d, @t, @p)",
            ("@v", version), ("@e", engine), ("@f", filePath), ("@h", fileSha256), ("@m", manifestJson), ("@x", metricsJson),
            ("@s", status), ("@d", decision), ("@t", nowMs), ("@p", status == ModelStatus.Promoted ? nowMs : null));
        return version;
    }

    /// <summary>The current model (newest promoted), or null.</summary>
    public StoredModel? Current() => database.Read(Current);

    public static StoredModel? Current(DbConnection connection) =>
        connection.Query($"SELECT {Columns} FROM models WHERE status = @s ORDER BY version DESC LIMIT 1", Map, ("@s", ModelStatus.Promoted)).FirstOrDefault();

    /// <summary>All versions, newest first.</summary>
    public IReadOnlyList<StoredModel> All() => database.Read(c => c.Query($"SELECT {Columns} FROM models ORDER BY version DESC", Map));

    private static StoredModel Map(DbDataReader r) => new(
        (int)r.Long(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
        r.GetString(6), r.NullableString(7), r.Long(8), r.NullableLong(9));
}
