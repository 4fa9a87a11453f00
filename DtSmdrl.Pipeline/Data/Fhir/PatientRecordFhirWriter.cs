using System.Security.Cryptography;
using System.Text;
using DtSmdrl.Pipeline.Data.Records;
using Hl7.Fhir.Model;
using ImagingStudy = DtSmdrl.Pipeline.Data.Records.ImagingStudy;
using Hl7.Fhir.Serialization;

namespace DtSmdrl.Pipeline.Data.Fhir;

/// <summary>
/// Writes a <see cref="PatientRecord"/> as a FHIR R4 collection Bundle with the codes of
/// <see cref="FhirCodes"/>: the reverse of <see cref="FhirPatientMapper"/>, so that the round trip
/// record -> FHIR -> record gives the same record. Resource ids are UUIDs derived from the patient
/// id, so the same record always gives the same bundle.
/// </summary>
public static class PatientRecordFhirWriter
{
    /// <summary>Identifier system of the project's patient id (FHIR ids cannot hold every patient id).</summary>
    public const string PatientIdSystem = "urn:dtsmdrl:fhir:patient-id";

    /// <summary>The bundle as FHIR JSON.</summary>
    public static string ToJson(PatientRecord record, bool pretty = false) => ToBundle(record).ToJson(pretty);

    public static Bundle ToBundle(PatientRecord record)
    {
        var builder = new Builder(record.PatientId);
        var patient = new Patient
        {
            Id = builder.Id("patient", 0),
            Identifier = [new Identifier(PatientIdSystem, record.PatientId)],
        };
        if (record.Clinical is { } clinical)
            patient.Gender = clinical.Sex == "female" ? AdministrativeGender.Female : AdministrativeGender.Male;
        builder.Add(patient);
        var subject = new ResourceReference("urn:uuid:" + patient.Id);

        if (record.Clinical is { } c) WriteClinical(builder, subject, c);
        if (record.Labs is { } labs) WriteLabs(builder, subject, labs);
        if (record.Omics is { } omics) WriteOmics(builder, subject, omics);
        if (record.Imaging is { } imaging) WriteImaging(builder, subject, imaging);
        if (record.Signals is { } signals) WriteSignals(builder, subject, signals);
        if (record.History is { } history) WriteHistory(builder, subject, history);
        if (record.Note is { } note)
            builder.Add(new DocumentReference
            {
                Id = builder.Id("note", 0),
                Status = DocumentReferenceStatus.Current,
                Type = Loinc(FhirCodes.NoteLoinc, "Note"),
                Subject = subject,
                Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "text/plain; charset=utf-8", Data = Encoding.UTF8.GetBytes(note) } }],
            });
        return builder.Bundle;
    }

    private static void WriteClinical(Builder b, ResourceReference subject, ClinicalData c)
    {
        b.Add(Observe(b, "age", subject, Loinc(FhirCodes.AgeLoinc, "Age"), null, Quantity(c.AgeYears, UcumQuantity.AgeYears)));
        b.Add(Observe(b, "ecog", subject, Loinc(FhirCodes.EcogLoinc, "ECOG performance status score"), null, new Integer(c.Ecog)));
        b.Add(Observe(b, "prior-lines", subject, Project(FhirCodes.PriorLines, "Systemic therapy lines before this decision"), null, new Integer(c.PriorLines)));
        if (c.SmokingPackYears is { } packYears)
            b.Add(Observe(b, "pack-years", subject, new CodeableConcept(FhirCodes.Snomed, FhirCodes.PackYearsSnomed, "Cigarette pack-years"), null, Quantity(packYears, UcumQuantity.PackYears)));
        var condition = new Condition
        {
            Id = b.Id("condition", 0),
            Subject = subject,
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item")],
            Code = new CodeableConcept(FhirCodes.TumourTypeSystem, c.TumourType, c.TumourType),
            Stage = [new Condition.StageComponent { Summary = new CodeableConcept(FhirCodes.StageSystem, c.Stage, "Stage " + c.Stage) }],
        };
        var snomed = FhirCodes.TumourTypeSnomed.FirstOrDefault(p => p.Value == c.TumourType).Key;
        if (snomed is not null) condition.Code.Coding.Add(new Coding(FhirCodes.Snomed, snomed));
        b.Add(condition);
    }

    private static void WriteLabs(Builder b, ResourceReference subject, LabPanel labs)
    {
        void Lab(string key, string loinc, string display, double? value, UcumQuantity unit)
        {
            if (value is { } v) b.Add(Observe(b, key, subject, Loinc(loinc, display), labs.CollectedAt, Quantity(v, unit), "laboratory"));
        }
        Lab("anc", "751-8", "Neutrophils [#/volume] in Blood by Automated count", labs.Anc10e9PerL, UcumQuantity.Anc);
        Lab("hb", "718-7", "Hemoglobin [Mass/volume] in Blood", labs.HemoglobinGPerDl, UcumQuantity.Hemoglobin);
        Lab("plt", "777-3", "Platelets [#/volume] in Blood by Automated count", labs.Platelets10e9PerL, UcumQuantity.Platelets);
        Lab("crea", "2160-0", "Creatinine [Mass/volume] in Serum or Plasma", labs.CreatinineMgPerDl, UcumQuantity.Creatinine);
        Lab("egfr", "33914-3", "Glomerular filtration rate/1.73 sq M.predicted", labs.EgfrMlPerMin, UcumQuantity.Egfr);
        Lab("alt", "1742-6", "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma", labs.AltUPerL, UcumQuantity.Alt);
        Lab("ast", "1920-8", "Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma", labs.AstUPerL, UcumQuantity.Ast);
        Lab("bili", "1975-2", "Bilirubin.total [Mass/volume] in Serum or Plasma", labs.BilirubinMgPerDl, UcumQuantity.Bilirubin);
        Lab("ldh", "2532-0", "Lactate dehydrogenase [Enzymatic activity/volume] in Serum or Plasma", labs.LdhUPerL, UcumQuantity.Ldh);
        Lab("alb", "1751-7", "Albumin [Mass/volume] in Serum or Plasma", labs.AlbuminGPerDl, UcumQuantity.Albumin);
    }

    private static void WriteOmics(Builder b, ResourceReference subject, OmicsProfile omics)
    {
        var at = omics.CollectedAt;
        var n = 0;
        foreach (var (gene, mutated) in omics.SomaticMutations)
        {
            var variant = Observe(b, "variant-" + n++, subject, Loinc(FhirCodes.VariantAssessmentLoinc, "Genetic variant assessment"), at,
                mutated ? new CodeableConcept(FhirCodes.Loinc, FhirCodes.VariantPresentLoinc, "Present") : new CodeableConcept(FhirCodes.Loinc, FhirCodes.VariantAbsentLoinc, "Absent"), "laboratory");
            variant.Component.Add(GeneComponent(gene));
            b.Add(variant);
        }
        if (omics.DpydActivityScore is { } dpyd)
            b.Add(Observe(b, "dpyd", subject, Project(FhirCodes.DpydActivityScore, "DPYD activity score (CPIC)"), at, Quantity(dpyd, UcumQuantity.DpydScore), "laboratory"));
        if (omics.Ugt1a1PoorMetaboliser is { } ugt)
            b.Add(Observe(b, "ugt1a1", subject, Project(FhirCodes.Ugt1a1PoorMetaboliser, "UGT1A1*28 homozygous (poor metaboliser)"), at, new FhirBoolean(ugt), "laboratory"));
        if (omics.TmbMutPerMb is { } tmb)
            b.Add(Observe(b, "tmb", subject, Loinc(FhirCodes.TmbLoinc, "Mutations/Megabase [# Ratio] in Tumor"), at, Quantity(tmb, UcumQuantity.Tmb), "laboratory"));
        if (omics.Pdl1TpsPct is { } pdl1)
            b.Add(Observe(b, "pdl1", subject, Loinc(FhirCodes.Pdl1Loinc, "PD-L1 tumour proportion score"), at, Quantity(pdl1, UcumQuantity.Pdl1), "laboratory"));
        n = 0;
        foreach (var (gene, value) in omics.ExpressionLog2Tpm)
        {
            var expression = Observe(b, "expression-" + n++, subject, Project(FhirCodes.Expression, "Gene expression, log2(TPM + 1)"), at, Quantity(value, UcumQuantity.Log2Tpm), "laboratory");
            expression.Component.Add(GeneComponent(gene));
            b.Add(expression);
        }
    }

    private static void WriteImaging(Builder b, ResourceReference subject, ImagingStudy imaging)
    {
        for (var i = 0; i < imaging.LesionDiametersMm.Count; i++)
            b.Add(Observe(b, "lesion-" + i, subject, Loinc(FhirCodes.TumourLongestDiameterLoinc, "Size.maximum dimension in Tumor"), imaging.AcquiredAt,
                Quantity(imaging.LesionDiametersMm[i], UcumQuantity.LesionDiameter), "imaging"));
        foreach (var (name, value) in imaging.Radiomics)
            b.Add(Observe(b, "radiomics-" + name, subject, Project(FhirCodes.RadiomicsPrefix + name, "Radiomics " + name), imaging.AcquiredAt,
                Quantity(value, FhirPatientMapper.RadiomicsUnit(name)), "imaging"));
    }

    private static void WriteSignals(Builder b, ResourceReference subject, WearableSignals signals)
    {
        for (var i = 0; i < signals.Samples.Count; i++)
        {
            var s = signals.Samples[i];
            var sample = Observe(b, "wearable-" + i, subject, Project(FhirCodes.WearableSample, "Wearable sample"), s.Timestamp, null, "activity");
            void Channel(string loinc, string display, double? value, UcumQuantity unit)
            {
                if (value is { } v) sample.Component.Add(new Observation.ComponentComponent { Code = Loinc(loinc, display), Value = Quantity(v, unit) });
            }
            Channel(FhirCodes.HeartRateLoinc, "Heart rate", s.HeartRateBpm, UcumQuantity.HeartRate);
            Channel(FhirCodes.StepsLoinc, "Number of steps", s.Steps, UcumQuantity.Steps);
            Channel(FhirCodes.SleepDurationLoinc, "Sleep duration", s.SleepHours, UcumQuantity.SleepHours);
            Channel(FhirCodes.Spo2Loinc, "Oxygen saturation by pulse oximetry", s.Spo2Pct, UcumQuantity.Spo2);
            b.Add(sample);
        }
    }

    private static void WriteHistory(Builder b, ResourceReference subject, TreatmentHistory history)
    {
        var list = new List
        {
            Id = b.Id("history", 0),
            Status = List.ListStatus.Current,
            Mode = ListMode.Snapshot,
            Code = Loinc(FhirCodes.MedicationHistoryLoinc, "History of Medication use Narrative"),
            Subject = subject,
        };
        if (history.Courses.Count == 0)
            list.EmptyReason = new CodeableConcept("http://terminology.hl7.org/CodeSystem/list-empty-reason", "nilknown", "Nil Known");
        var administrations = new List<MedicationAdministration>();
        for (var i = 0; i < history.Courses.Count; i++)
        {
            var course = history.Courses[i];
            var administration = new MedicationAdministration
            {
                Id = b.Id("course", i),
                Status = course.End is null ? MedicationAdministration.MedicationAdministrationStatusCodes.InProgress : MedicationAdministration.MedicationAdministrationStatusCodes.Completed,
                Medication = new CodeableConcept(FhirCodes.RegimenSystem, course.Regimen, course.Regimen),
                Subject = subject,
                Effective = new Period(new FhirDateTime(course.Start), course.End is { } end ? new FhirDateTime(end) : null),
            };
            administration.Extension.Add(new Extension(FhirCodes.DoseFractionExtension, new FhirDecimal(FhirNumbers.ToDecimal(course.DoseFraction))));
            list.Entry.Add(new List.EntryComponent { Item = new ResourceReference("urn:uuid:" + administration.Id) });
            administrations.Add(administration);
        }
        b.Add(list);
        foreach (var administration in administrations) b.Add(administration);
    }

    private static Observation.ComponentComponent GeneComponent(string gene) => new()
    {
        Code = Loinc(FhirCodes.GeneStudiedLoinc, "Gene studied [ID]"),
        Value = FhirCodes.HgncIds.TryGetValue(gene, out var hgnc)
            ? new CodeableConcept(FhirCodes.Hgnc, hgnc, gene, null)
            : new CodeableConcept { Text = gene },
    };

    private static Observation Observe(Builder b, string key, ResourceReference subject, CodeableConcept code, DateTimeOffset? at, DataType? value, string? category = null)
    {
        var observation = new Observation
        {
            Id = b.Id(key, 0),
            Status = ObservationStatus.Final,
            Code = code,
            Subject = subject,
            Effective = at is { } t ? new FhirDateTime(t) : null,
            Value = value,
        };
        if (category is not null) observation.Category.Add(new CodeableConcept(FhirCodes.ObservationCategory, category));
        return observation;
    }

    private static Quantity Quantity(double value, UcumQuantity unit) =>
        new() { Value = FhirNumbers.ToDecimal(value), Unit = unit.Canonical, System = FhirCodes.Ucum, Code = unit.Canonical };

    private static CodeableConcept Loinc(string code, string display) => new(FhirCodes.Loinc, code, display, null);

    private static CodeableConcept Project(string code, string display) => new(FhirCodes.Project, code, display, null);

    /// <summary>Collects the entries and derives stable resource ids.</summary>
    private sealed class Builder(string patientId)
    {
        public Bundle Bundle { get; } = new() { Type = Bundle.BundleType.Collection };

        public string Id(string kind, int index)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{patientId}\u0000{kind}\u0000{index}"));
            return new Guid(hash.AsSpan(0, 16)).ToString();
        }

        public void Add(Resource resource) => Bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:" + resource.Id, Resource = resource });
    }
}
