using System.Data.Common;
using System.Text;
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
        catch (Exception e) when (e is not OperationCanceledException and not LeaseLostException and not DbException)
        {
            context.Quarantine(FailedItemKind.Patient, patientId, inputHash, e);
            return false;
        }
    }
}
