using DtSmdrl.Pipeline.Data.Records;

namespace DtSmdrl.Pipeline.Data.Validation;

/// <summary>Rules of <see cref="PatientRecord"/> beyond its schema.</summary>
public sealed class PatientRecordContract : IRecordContract<PatientRecord>
{
    public static PatientRecordContract Instance { get; } = new();

    public string SchemaFile => SchemaValidator.PatientRecordSchema;

    public string IdOf(PatientRecord record) => record.PatientId;

    public IEnumerable<(string Field, string Reason)> Check(PatientRecord record)
    {
        foreach (var error in FieldRules.Labs("labs", record.Labs)) yield return error;

        if (record.Omics is { } omics)
        {
            foreach (var gene in omics.SomaticMutations.Keys.Where(g => !Catalogs.SomaticGenes.Contains(g)))
                yield return ($"omics.somatic_mutations.{gene}", $"unknown gene '{gene}'; known: {string.Join(", ", Catalogs.SomaticGenes)}");
            foreach (var gene in omics.ExpressionLog2Tpm.Keys.Where(g => !Catalogs.ExpressionGenes.Contains(g)))
                yield return ($"omics.expression_log2_tpm.{gene}", $"unknown gene '{gene}'; known: {string.Join(", ", Catalogs.ExpressionGenes)}");
            if (omics.SomaticMutations.GetValueOrDefault("EGFR") && omics.SomaticMutations.GetValueOrDefault("KRAS"))
                yield return ("omics.somatic_mutations", "EGFR and KRAS driver mutations are reported together; they are almost always mutually exclusive in NSCLC, check the report");
        }

        if (record.Imaging is { } imaging)
        {
            foreach (var error in FieldRules.Diameters("imaging.lesion_diameters_mm", imaging.LesionDiametersMm)) yield return error;
            for (var i = 0; i < imaging.LesionDiametersMm.Count; i++)
                if (imaging.LesionDiametersMm[i] is >= 0 and < 10)
                    yield return ($"imaging.lesion_diameters_mm[{i}]", $"{imaging.LesionDiametersMm[i]} mm is below 10 mm: not measurable as a RECIST 1.1 target lesion at baseline");
            foreach (var name in imaging.Radiomics.Keys.Where(n => !Catalogs.RadiomicsFeatures.Contains(n)))
                yield return ($"imaging.radiomics.{name}", $"unknown radiomics feature '{name}'; known: {string.Join(", ", Catalogs.RadiomicsFeatures)}");
        }

        // JSON can put null into any list; the schema refuses it, but a load without the schema must too.
        var nulls = NullElements("signals.samples", record.Signals?.Samples).Concat(NullElements("history.courses", record.History?.Courses)).ToList();
        if (nulls.Count > 0)
        {
            foreach (var error in nulls) yield return error;
            yield break;
        }

        if (record.Signals is { } signals)
        {
            for (var i = 1; i < signals.Samples.Count; i++)
                if (signals.Samples[i].Timestamp < signals.Samples[i - 1].Timestamp)
                {
                    yield return ($"signals.samples[{i}].timestamp", $"{signals.Samples[i].Timestamp:O} is earlier than the previous sample ({signals.Samples[i - 1].Timestamp:O}); samples must be in time order");
                    break;
                }
        }

        if (record.History is { } history)
        {
            for (var i = 0; i < history.Courses.Count; i++)
            {
                var course = history.Courses[i];
                if (course.End is { } end && end < course.Start)
                    yield return ($"history.courses[{i}].end", $"{end:O} is before the course start {course.Start:O}");
                if (!Catalogs.Regimens.Contains(course.Regimen))
                    yield return ($"history.courses[{i}].regimen", $"unknown regimen '{course.Regimen}'; known: {string.Join(", ", Catalogs.Regimens)}");
            }
        }

        foreach (var error in Times(record)) yield return error;

        // A difference, not AddYears: adding to a time at the end of the calendar throws.
        if (record.Imaging is { } img && record.Labs is { } labs && img.AcquiredAt - labs.CollectedAt > TimeSpan.FromDays(365))
            yield return ("imaging.acquired_at", $"imaging ({img.AcquiredAt:O}) is more than a year after the labs ({labs.CollectedAt:O}); a record describes one decision point");
    }

    private static IEnumerable<(string, string)> NullElements<T>(string field, IReadOnlyList<T>? items) where T : class =>
        items is null ? [] : Enumerable.Range(0, items.Count).Where(i => items[i] is null).Select(i => ($"{field}[{i}]", "must be an object, not null"));

    private static IEnumerable<(string, string)> Times(PatientRecord record)
    {
        var times = new List<(string, DateTimeOffset?)>
        {
            ("labs.collected_at", record.Labs?.CollectedAt),
            ("omics.collected_at", record.Omics?.CollectedAt),
            ("imaging.acquired_at", record.Imaging?.AcquiredAt),
        };
        for (var i = 0; i < (record.Signals?.Samples.Count ?? 0); i++)
            times.Add(($"signals.samples[{i}].timestamp", record.Signals!.Samples[i].Timestamp));
        for (var i = 0; i < (record.History?.Courses.Count ?? 0); i++)
        {
            times.Add(($"history.courses[{i}].start", record.History!.Courses[i].Start));
            times.Add(($"history.courses[{i}].end", record.History.Courses[i].End));
        }
        return times.SelectMany(t => FieldRules.Time(t.Item1, t.Item2));
    }
}
