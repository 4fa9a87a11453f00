using System.Data.Common;
using System.Text;
using DtSmdrl.Host.Cluster;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Provenance;

namespace DtSmdrl.Host.Jobs;

/// <summary>
/// The per-patient quarantine of update-twins and recommend-batch: a patient whose step throws is recorded in
/// failed_items with the hash of the step's inputs and skipped (a warning) while those inputs stay the same;
/// a changed input (a new record, new observations, a new posterior or model) is tried again.
/// </summary>
public static class PoisonItems
{
    /// <summary>SHA-256 of the parts that decide a step's result.</summary>
    public static string InputHash(params object?[] parts) =>
        ContentHash.OfBytes(Encoding.UTF8.GetBytes(string.Join("|", parts.Select(p => p?.ToString() ?? "-"))));

    /// <summary>
    /// Runs one patient's step unless the same input is already quarantined. A step that throws (anything but a
    /// stop request or a store failure) quarantines the patient and returns false; the run goes on.
    /// </summary>
    public static bool TryPatient(JobContext context, string patientId, string inputHash, Action step)
    {
        if (context.IsQuarantined(FailedItemKind.Patient, patientId, inputHash))
        {
            context.Warnings++;
            return false;
        }
        try
        {
            step();
            return true;
        }
        catch (Exception e) when (IsInputFailure(e))
        {
            context.Quarantine(FailedItemKind.Patient, patientId, inputHash, e);
            return false;
        }
    }

    /// <summary>
    /// <see cref="TryPatient"/> for a step run on the cluster (<see cref="PatientFanOut"/>), several at once: the job
    /// context is used under its lock. A store failure inside a grain or a cluster failure left after the retries
    /// fails the run, as a store failure does in process.
    /// </summary>
    public static async Task<bool> TryPatientAsync(JobContext context, string patientId, string inputHash, Func<Task> step)
    {
        lock (context)
        {
            if (context.IsQuarantined(FailedItemKind.Patient, patientId, inputHash))
            {
                context.Warnings++;
                return false;
            }
        }
        try
        {
            await step();
            return true;
        }
        catch (Exception e) when (IsInputFailure(e))
        {
            lock (context) context.Quarantine(FailedItemKind.Patient, patientId, inputHash, e);
            return false;
        }
    }

    /// <summary>Whether a step's exception is the input's fault (quarantine) rather than a stop, a store or a cluster failure (fail the run).</summary>
    private static bool IsInputFailure(Exception e) =>
        e is not OperationCanceledException and not LeaseLostException and not DbException and not ClusterStoreException
        && !PatientFanOut.IsClusterFailure(e);
}
