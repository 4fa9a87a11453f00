using System.Data.Common;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data.Validation;

namespace DtSmdrl.Host.Storage;

/// <summary>What storing a loaded file of outcome observations did, with one error per refused record.</summary>
/// <param name="Stored">New observations written.</param>
/// <param name="Duplicates">Re-sends of stored observations (skipped).</param>
/// <param name="Conflicts">Observations refused because their cycle is stored with different values.</param>
/// <param name="UnknownPatients">Observations refused because their patient has no stored record.</param>
/// <param name="Problems">Every conflict and unknown patient, with file, line, record and field (cycle or patient_id).</param>
public sealed record OutcomeIntakeResult(int Stored, int Duplicates, int Conflicts, int UnknownPatients, IReadOnlyList<RecordError> Problems);

/// <summary>
/// Stores the accepted records of an outcome file in one transaction (shared by `feedback --file` and
/// `ingest-outcomes`): new observations are inserted, re-sends are skipped, and each observation that conflicts
/// with a stored cycle or belongs to a patient not in the store is listed with its line, record and cycle.
/// </summary>
public static class OutcomeIntake
{
    public static OutcomeIntakeResult Store(DbTransaction transaction, LoadResult<OutcomeObservation> loaded, string source, long nowMs)
    {
        int stored = 0, duplicates = 0, conflicts = 0, unknown = 0;
        var problems = new List<RecordError>();
        for (var i = 0; i < loaded.Accepted.Count; i++)
        {
            var observation = loaded.Accepted[i];
            var line = i < loaded.AcceptedLines.Count ? loaded.AcceptedLines[i] : 0;
            switch (ObservationStore.Insert(transaction, observation, source, nowMs))
            {
                case ObservationInsert.Inserted: stored++; break;
                case ObservationInsert.Duplicate: duplicates++; break;
                case ObservationInsert.Conflict:
                    conflicts++;
                    problems.Add(new RecordError(loaded.File, line, observation.PatientId, "cycle",
                        $"cycle {observation.Cycle} is already recorded with different values; not overwritten (send a correction through the clinical system)"));
                    break;
                case ObservationInsert.UnknownPatient:
                    unknown++;
                    problems.Add(new RecordError(loaded.File, line, observation.PatientId, "patient_id",
                        $"cycle {observation.Cycle}: the patient is not in the store; refused (import the patient record with `dtsmdrl patients import` first, then send the outcome again)"));
                    break;
            }
        }
        return new OutcomeIntakeResult(stored, duplicates, conflicts, unknown, problems);
    }
}
