using System.Data.Common;

namespace DtSmdrl.Host.Storage;

/// <summary>One audited recommendation (a row of the append-only recommendations table).</summary>
/// <param name="Id">Row id (0 before it is stored).</param>
/// <param name="PatientId">Patient.</param>
/// <param name="CreatedAtMs">Unix milliseconds.</param>
/// <param name="Source">"cli", "batch" or "clinician-page".</param>
/// <param name="ModelVersion">Model that produced it.</param>
/// <param name="PosteriorVersion">Twin posterior version it used (null: the prior).</param>
/// <param name="PlanJson">Planned regimen per cycle (JSON array).</param>
/// <param name="ProbabilitiesJson">Per-regimen probabilities considered (JSON).</param>
/// <param name="ResponseProbability">P(objective response) of the plan.</param>
/// <param name="SevereToxicityProbability">P(severe toxicity) over the plan.</param>
/// <param name="CvarCost">CVaR of the episode toxicity cost over posterior samples.</param>
/// <param name="Confidence">Confidence in [0, 1] (defined by the engine).</param>
/// <param name="ExplanationJson">Explanation (JSON).</param>
/// <param name="InputSha256">SHA-256 of the inputs (record, posterior, model).</param>
/// <remarks>Serializable by Orleans: cluster mode returns it from grains and keeps it in a twin grain's state.</remarks>
[GenerateSerializer, Alias("dtsmdrl.stored-recommendation")]
public sealed record StoredRecommendation(
    long Id, string PatientId, long CreatedAtMs, string Source, int ModelVersion, int? PosteriorVersion, string PlanJson,
    string ProbabilitiesJson, double ResponseProbability, double SevereToxicityProbability, double? CvarCost, double Confidence,
    string ExplanationJson, string InputSha256);

/// <summary>The recommendations table: an append-only audit trail (the database refuses UPDATE and DELETE).</summary>
public sealed class RecommendationStore(Database database)
{
    private const string Columns =
        "id, patient_id, created_at, source, model_version, posterior_version, plan_json, probabilities_json, response_probability, " +
        "severe_toxicity_probability, cvar_cost, confidence, explanation_json, input_sha256";

    /// <summary>Appends a recommendation; returns its id.</summary>
    public static long Append(DbTransaction transaction, StoredRecommendation r) => Sql.ToLong(transaction.Scalar(
        """
        INSERT INTO recommendations (patient_id, created_at, source, model_version, posterior_version, plan_json, probabilities_json,
            response_probability, severe_toxicity_probability, cvar_cost, confidence, explanation_json, input_sha256)
        VALUES (@p, @t, @s, @m, @v, @plan, @prob, @resp, @tox, @cvar, @conf, @expl, @hash) RETURNING id
        """,
        ("@p", r.PatientId), ("@t", r.CreatedAtMs), ("@s", r.Source), ("@m", r.ModelVersion), ("@v", r.PosteriorVersion),
        ("@plan", r.PlanJson), ("@prob", r.ProbabilitiesJson), ("@resp", r.ResponseProbability), ("@tox", r.SevereToxicityProbability),
        ("@cvar", r.CvarCost), ("@conf", r.Confidence), ("@expl", r.ExplanationJson), ("@hash", r.InputSha256)));

    /// <summary>Whether a recommendation from these inputs already exists (so a batch re-run writes none twice).</summary>
    public static bool Exists(DbTransaction transaction, string patientId, int modelVersion, int? posteriorVersion, string source) =>
        transaction.Scalar(
            "SELECT 1 FROM recommendations WHERE patient_id = @p AND model_version = @m AND source = @s AND " +
            (posteriorVersion is null ? "posterior_version IS NULL" : "posterior_version = @v"),
            ("@p", patientId), ("@m", modelVersion), ("@s", source), ("@v", posteriorVersion)) is not null;

    /// <summary>A patient's recommendations, oldest first.</summary>
    public IReadOnlyList<StoredRecommendation> ForPatient(string patientId) => database.Read(c => ForPatient(c, patientId));

    public static IReadOnlyList<StoredRecommendation> ForPatient(DbConnection connection, string patientId) =>
        connection.Query($"SELECT {Columns} FROM recommendations WHERE patient_id = @p ORDER BY id", Map, ("@p", patientId));

    public long Count() => database.Read(c => Sql.ToLong(c.Scalar("SELECT COUNT(*) FROM recommendations")));

    private static StoredRecommendation Map(DbDataReader r) => new(
        r.Long(0), r.GetString(1), r.Long(2), r.GetString(3), (int)r.Long(4), (int?)r.NullableLong(5), r.GetString(6), r.GetString(7),
        r.GetDouble(8), r.GetDouble(9), r.NullableDouble(10), r.GetDouble(11), r.GetString(12), r.GetString(13));
}
