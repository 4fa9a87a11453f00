namespace DtSmdrl.Host.Storage;

/// <summary>One versioned schema change: statements built for a dialect.</summary>
public sealed record Migration(int Version, string Name, Func<SqlDialect, IReadOnlyList<string>> Statements);

/// <summary>
/// The schema, as an ordered list of migrations. Never edit a released migration: add a new one.
/// <list type="table">
/// <item><term>1 core</term><description>patients, observations, twin_posteriors (versioned), models (versioned),
/// recommendations (append-only), job_runs</description></item>
/// <item><term>2 jobs</term><description>job_leases (one running instance per job), ingested_files (drop-folder
/// files already committed), an index for "observations of a patient since id N"</description></item>
/// <item><term>3 reliability</term><description>job_leases.token (the run that holds a lease, unique per process
/// and run), job_runs.items_failed, failed_items (inputs a job quarantined: an inbox file or a patient, with reason
/// and input hash)</description></item>
/// <item><term>4 decisions</term><description>recommendation_decisions (append-only): a clinician's accept or override
/// of a recommendation, with the reason, from the clinician page or CDS Hooks feedback; an index for "a patient's
/// recommendations"</description></item>
/// <item><term>5 cluster</term><description>grain_state: the Orleans grain state of cluster mode (one row per grain and
/// state name, JSON, with an ETag for optimistic concurrency), written by <c>Cluster/StoreGrainStorage</c></description></item>
/// </list>
/// </summary>
public static class SchemaMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "core", d =>
        [
            $"""
            CREATE TABLE patients (
                patient_id TEXT PRIMARY KEY,
                record_json TEXT NOT NULL,
                record_sha256 TEXT NOT NULL,
                created_at {d.BigInt} NOT NULL,
                updated_at {d.BigInt} NOT NULL)
            """,
            $"""
            CREATE TABLE observations (
                id {d.AutoIdPrimaryKey},
                patient_id TEXT NOT NULL,
                cycle INTEGER NOT NULL,
                observed_at {d.BigInt} NOT NULL,
                observation_json TEXT NOT NULL,
                content_sha256 TEXT NOT NULL,
                source TEXT NOT NULL,
                ingested_at {d.BigInt} NOT NULL,
                UNIQUE (patient_id, cycle))
            """,
            $"""
            CREATE TABLE twin_posteriors (
                patient_id TEXT NOT NULL,
                version INTEGER NOT NULL,
                last_observation_id {d.BigInt} NOT NULL,
                observation_count INTEGER NOT NULL,
                cycles INTEGER NOT NULL,
                posterior_json TEXT NOT NULL,
                summary_json TEXT NOT NULL,
                created_at {d.BigInt} NOT NULL,
                PRIMARY KEY (patient_id, version))
            """,
            $"""
            CREATE TABLE models (
                version INTEGER PRIMARY KEY,
                engine TEXT NOT NULL,
                file_path TEXT NOT NULL,
                file_sha256 TEXT NOT NULL,
                manifest_json TEXT NOT NULL,
                metrics_json TEXT NOT NULL,
                status TEXT NOT NULL,
                decision TEXT,
                created_at {d.BigInt} NOT NULL,
                promoted_at {d.BigInt})
            """,
            $"""
            CREATE TABLE recommendations (
                id {d.AutoIdPrimaryKey},
                patient_id TEXT NOT NULL,
                created_at {d.BigInt} NOT NULL,
                source TEXT NOT NULL,
                model_version INTEGER NOT NULL,
                posterior_version INTEGER,
                plan_json TEXT NOT NULL,
                probabilities_json TEXT NOT NULL,
                response_probability {d.Real} NOT NULL,
                severe_toxicity_probability {d.Real} NOT NULL,
                cvar_cost {d.Real},
                confidence {d.Real} NOT NULL,
                explanation_json TEXT NOT NULL,
                input_sha256 TEXT NOT NULL)
            """,
            .. d.AppendOnly("recommendations"),
            $"""
            CREATE TABLE job_runs (
                id {d.AutoIdPrimaryKey},
                job TEXT NOT NULL,
                owner TEXT NOT NULL,
                started_at {d.BigInt} NOT NULL,
                ended_at {d.BigInt},
                status TEXT NOT NULL,
                items_read INTEGER NOT NULL DEFAULT 0,
                items_written INTEGER NOT NULL DEFAULT 0,
                warnings INTEGER NOT NULL DEFAULT 0,
                message TEXT,
                error TEXT)
            """,
        ]),
        new(2, "jobs", d =>
        [
            $"""
            CREATE TABLE job_leases (
                job TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                run_id {d.BigInt},
                acquired_at {d.BigInt} NOT NULL,
                expires_at {d.BigInt} NOT NULL)
            """,
            $"""
            CREATE TABLE ingested_files (
                content_sha256 TEXT PRIMARY KEY,
                file_name TEXT NOT NULL,
                accepted INTEGER NOT NULL,
                rejected INTEGER NOT NULL,
                duplicates INTEGER NOT NULL,
                run_id {d.BigInt},
                ingested_at {d.BigInt} NOT NULL)
            """,
            "CREATE INDEX ix_observations_patient_id ON observations (patient_id, id)",
            "CREATE INDEX ix_job_runs_job ON job_runs (job, id)",
        ]),
        new(3, "reliability", d =>
        [
            // Existing rows (none survive a clean stop) get an empty token, which no run ever holds.
            "ALTER TABLE job_leases ADD COLUMN token TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE job_runs ADD COLUMN items_failed INTEGER NOT NULL DEFAULT 0",
            $"""
            CREATE TABLE failed_items (
                job TEXT NOT NULL,
                item_kind TEXT NOT NULL,
                item_key TEXT NOT NULL,
                input_sha256 TEXT NOT NULL,
                reason TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                first_seen {d.BigInt} NOT NULL,
                last_seen {d.BigInt} NOT NULL,
                last_run_id {d.BigInt} NOT NULL,
                PRIMARY KEY (job, item_kind, item_key))
            """,
        ]),
        new(4, "decisions", d =>
        [
            $"""
            CREATE TABLE recommendation_decisions (
                id {d.AutoIdPrimaryKey},
                recommendation_id {d.BigInt} NOT NULL REFERENCES recommendations (id),
                patient_id TEXT NOT NULL,
                decision TEXT NOT NULL CHECK (decision IN ('accepted', 'overridden')),
                reason TEXT NOT NULL,
                chosen_plan TEXT,
                source TEXT NOT NULL CHECK (source IN ('clinician-page', 'cds-hooks')),
                card_uuid TEXT,
                actor TEXT,
                time {d.BigInt} NOT NULL)
            """,
            .. d.AppendOnly("recommendation_decisions"),
            "CREATE INDEX ix_recommendation_decisions_patient ON recommendation_decisions (patient_id, id)",
            // The clinician page reads a patient's recommendations (the latest, the one for the current model).
            "CREATE INDEX ix_recommendations_patient ON recommendations (patient_id, id)",
        ]),
        new(5, "cluster", d =>
        [
            $"""
            CREATE TABLE grain_state (
                service_id TEXT NOT NULL,
                grain_id TEXT NOT NULL,
                state_name TEXT NOT NULL,
                etag TEXT NOT NULL,
                state_json TEXT NOT NULL,
                updated_at {d.BigInt} NOT NULL,
                PRIMARY KEY (service_id, grain_id, state_name))
            """,
        ]),
    ];

    /// <summary>The schema version this build expects.</summary>
    public static int Latest => All[^1].Version;
}
