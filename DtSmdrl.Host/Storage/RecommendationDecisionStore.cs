using System.Data.Common;

namespace DtSmdrl.Host.Storage;

/// <summary>What a clinician did with a recommendation.</summary>
public static class DecisionKind
{
    /// <summary>The recommended plan is followed.</summary>
    public const string Accepted = "accepted";
    /// <summary>Another plan (or none) is chosen instead; the reason says why.</summary>
    public const string Overridden = "overridden";

    public static bool IsValid(string value) => value is Accepted or Overridden;
}

/// <summary>Where a decision was recorded.</summary>
public static class DecisionSource
{
    /// <summary>The accept/override form of the clinician page.</summary>
    public const string ClinicianPage = "clinician-page";
    /// <summary>CDS Hooks feedback from the EHR.</summary>
    public const string CdsHooks = "cds-hooks";

    public static bool IsValid(string value) => value is ClinicianPage or CdsHooks;
}

/// <summary>One row of the append-only recommendation_decisions table.</summary>
/// <param name="Id">Row id (0 before it is stored).</param>
/// <param name="RecommendationId">The recommendation decided on (recommendations.id).</param>
/// <param name="PatientId">Patient.</param>
/// <param name="Decision">See <see cref="DecisionKind"/>.</param>
/// <param name="Reason">The clinician's reason (required, also for an accept).</param>
/// <param name="ChosenPlanJson">The plan chosen instead (JSON array of regimens per cycle), for an override; null otherwise.</param>
/// <param name="Source">See <see cref="DecisionSource"/>.</param>
/// <param name="CardUuid">The CDS Hooks card's uuid, for feedback from the EHR.</param>
/// <param name="Actor">Who decided (a user name or the EHR's practitioner reference), when known.</param>
/// <param name="TimeMs">Unix milliseconds.</param>
public sealed record StoredDecision(
    long Id, long RecommendationId, string PatientId, string Decision, string Reason, string? ChosenPlanJson,
    string Source, string? CardUuid, string? Actor, long TimeMs);

/// <summary>
/// The recommendation_decisions table: the audit trail of accepts and overrides (the database refuses UPDATE
/// and DELETE). The closed loop reads it next to the recommendations it refers to.
/// </summary>
public sealed class RecommendationDecisionStore(Database database)
{
    private const string Columns = "id, recommendation_id, patient_id, decision, reason, chosen_plan, source, card_uuid, actor, time";

    /// <summary>Appends a decision in its own transaction; returns its id.</summary>
    public long Append(StoredDecision decision) => database.Write(t => Append(t, decision));

    /// <summary>Appends a decision; throws <see cref="ArgumentException"/> naming the field for a value the table would refuse.</summary>
    public static long Append(DbTransaction transaction, StoredDecision d)
    {
        if (!DecisionKind.IsValid(d.Decision))
            throw new ArgumentException($"decision '{d.Decision}' is not '{DecisionKind.Accepted}' or '{DecisionKind.Overridden}'.", nameof(d));
        if (!DecisionSource.IsValid(d.Source))
            throw new ArgumentException($"source '{d.Source}' is not '{DecisionSource.ClinicianPage}' or '{DecisionSource.CdsHooks}'.", nameof(d));
        if (string.IsNullOrWhiteSpace(d.Reason))
            throw new ArgumentException("reason is required.", nameof(d));
        return Sql.ToLong(transaction.Scalar(
            """
            INSERT INTO recommendation_decisions (recommendation_id, patient_id, decision, reason, chosen_plan, source, card_uuid, actor, time)
            VALUES (@r, @p, @d, @why, @plan, @s, @card, @actor, @t) RETURNING id
            """,
            ("@r", d.RecommendationId), ("@p", d.PatientId), ("@d", d.Decision), ("@why", d.Reason.Trim()), ("@plan", d.ChosenPlanJson),
            ("@s", d.Source), ("@card", d.CardUuid), ("@actor", d.Actor), ("@t", d.TimeMs)));
    }

    /// <summary>A patient's decisions, oldest first.</summary>
    public IReadOnlyList<StoredDecision> ListForPatient(string patientId) => database.Read(c => ListForPatient(c, patientId));

    public static IReadOnlyList<StoredDecision> ListForPatient(DbConnection connection, string patientId) =>
        connection.Query($"SELECT {Columns} FROM recommendation_decisions WHERE patient_id = @p ORDER BY id", Map, ("@p", patientId));

    public long Count() => database.Read(c => Sql.ToLong(c.Scalar("SELECT COUNT(*) FROM recommendation_decisions")));

    private static StoredDecision Map(DbDataReader r) => new(
        r.Long(0), r.Long(1), r.GetString(2), r.GetString(3), r.GetString(4), r.NullableString(5), r.GetString(6),
        r.NullableString(7), r.NullableString(8), r.Long(9));
}
