using DtSmdrl.Pipeline.Data.Records;

namespace DtSmdrl.Pipeline.Data.Validation;

/// <summary>Rules of <see cref="OutcomeObservation"/> beyond its schema.</summary>
public sealed class OutcomeObservationContract : IRecordContract<OutcomeObservation>
{
    public static OutcomeObservationContract Instance { get; } = new();

    public string SchemaFile => SchemaValidator.OutcomeObservationSchema;

    public string IdOf(OutcomeObservation record) => record.PatientId;

    public IEnumerable<(string Field, string Reason)> Check(OutcomeObservation record)
    {
        foreach (var error in FieldRules.Labs("labs", record.Labs)) yield return error;
        foreach (var error in FieldRules.Diameters("lesion_diameters_mm", record.LesionDiametersMm)) yield return error;
        if (!Catalogs.Regimens.Contains(record.TreatmentGiven))
            yield return ("treatment_given", $"unknown regimen '{record.TreatmentGiven}'; known: {string.Join(", ", Catalogs.Regimens)}");
        // JSON can put null into any list; the schema refuses it, but a load without the schema must too.
        for (var i = 0; i < record.AdverseEvents.Count; i++)
            if (record.AdverseEvents[i] is null)
                yield return ($"adverse_events[{i}]", "must be an object, not null");
            else if (record.AdverseEvents[i].Grade is < 1 or > 5)
                yield return ($"adverse_events[{i}].grade", $"CTCAE grade {record.AdverseEvents[i].Grade} must be 1-5");
        foreach (var error in FieldRules.Time("observed_at", record.ObservedAt)) yield return error;
        foreach (var error in FieldRules.Time("labs.collected_at", record.Labs?.CollectedAt)) yield return error;
        // A difference, not AddDays: adding to a time at the end of the calendar throws.
        if (record.Labs is { } labs && labs.CollectedAt - record.ObservedAt > TimeSpan.FromDays(1))
            yield return ("labs.collected_at", $"{labs.CollectedAt:O} is after the observation time {record.ObservedAt:O}");
    }
}
