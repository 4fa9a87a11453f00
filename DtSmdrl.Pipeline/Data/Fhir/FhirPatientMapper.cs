using System.Text;
using DtSmdrl.Pipeline.Data.Records;
using Hl7.Fhir.Model;
using ImagingStudy = DtSmdrl.Pipeline.Data.Records.ImagingStudy;

namespace DtSmdrl.Pipeline.Data.Fhir;

/// <summary>
/// Maps the FHIR R4 resources of one or more patients (a bundle's entries, or a CDS Hooks prefetch)
/// to <see cref="PatientRecord"/>s, by the codes of <see cref="FhirCodes"/> with UCUM conversion
/// (<see cref="UcumQuantity"/>). Where a field is measured more than once the latest value is
/// taken and the older ones are reported; a modality whose required parts are missing is left out
/// (null, as the contract allows) and reported. What is wrong (a unit that is not accepted, a value
/// of the wrong type, a time missing) is an error. Validation against the contract happens after
/// this, in <see cref="FhirPatientImport"/>.
/// </summary>
public sealed class FhirPatientMapper(string file)
{
    private readonly string file = file;

    private static readonly ObservationStatus[] Usable = [ObservationStatus.Final, ObservationStatus.Amended, ObservationStatus.Corrected];

    /// <summary>A mapped record and, for each record field, the entry it came from (to place validation errors).</summary>
    public sealed record Mapped(PatientRecord Record, FhirEntry PatientEntry, IReadOnlyDictionary<string, FhirEntry> Sources);

    /// <summary>The unit a radiomics feature is written in.</summary>
    public static UcumQuantity RadiomicsUnit(string feature) =>
        feature == "volume_ml" ? UcumQuantity.VolumeMl : UcumQuantity.Dimensionless("radiomics " + feature);

    public IReadOnlyList<Mapped> Map(IReadOnlyList<FhirEntry> entries, List<FhirIssue> issues)
    {
        var patients = entries.Where(e => e.Resource is Patient).ToList();
        var byReference = new Dictionary<string, FhirEntry>(StringComparer.Ordinal);
        foreach (var p in patients)
        {
            if (p.Resource.Id is { } id) byReference.TryAdd("Patient/" + id, p);
            if (p.FullUrl is { } url) byReference.TryAdd(url, p);
        }
        if (patients.Count == 0)
            issues.Add(new FhirIssue(file, 0, -1, null, null, "(bundle)", "no Patient resource: every record needs one", true));

        var perPatient = patients.ToDictionary(p => p, _ => new List<FhirEntry>());
        foreach (var entry in entries.Where(e => e.Resource is not Patient))
        {
            var subject = SubjectOf(entry.Resource);
            if (subject is null)
            {
                Warn(issues, entry, null, entry.Resource.TypeName, $"resource type {entry.Resource.TypeName} is not part of the mapping");
                continue;
            }
            var target = subject.Reference is { } reference && byReference.TryGetValue(reference, out var p) ? p
                : subject.Reference is null && patients.Count == 1 ? patients[0] : null;
            if (target is null)
            {
                Warn(issues, entry, null, entry.Resource.TypeName + ".subject", $"subject '{subject.Reference}' is not a Patient of this bundle");
                continue;
            }
            perPatient[target].Add(entry);
        }

        var mapped = new List<Mapped>();
        foreach (var patient in patients)
            if (MapPatient(patient, perPatient[patient], issues) is { } record) mapped.Add(record);
        return mapped;
    }

    private static ResourceReference? SubjectOf(Resource resource) => resource switch
    {
        Observation o => o.Subject ?? new ResourceReference(),
        Condition c => c.Subject,
        MedicationAdministration m => m.Subject,
        MedicationRequest m => m.Subject,
        DocumentReference d => d.Subject ?? new ResourceReference(),
        List l => l.Subject ?? new ResourceReference(),
        _ => null,
    };

    private Mapped? MapPatient(FhirEntry patientEntry, List<FhirEntry> entries, List<FhirIssue> issues)
    {
        var patient = (Patient)patientEntry.Resource;
        var id = patient.Identifier.FirstOrDefault(i => i.System == PatientRecordFhirWriter.PatientIdSystem)?.Value ?? patient.Id;
        if (string.IsNullOrEmpty(id))
        {
            Error(issues, patientEntry, null, "Patient.id", $"no patient id: neither an identifier with system {PatientRecordFhirWriter.PatientIdSystem} nor Patient.id");
            return null;
        }
        var state = new PatientState(this, id, issues);
        foreach (var entry in entries)
        {
            switch (entry.Resource)
            {
                case Observation o: state.Observation(entry, o); break;
                case Condition c: state.Condition(entry, c); break;
                case MedicationAdministration m: state.Administration(entry, m); break;
                case MedicationRequest:
                    Warn(issues, entry, id, "MedicationRequest", "an order is not a given course; the treatment history is read from MedicationAdministration (CDS Hooks order-select reads the ordered regimen)");
                    break;
                case List l: state.List(entry, l); break;
                case DocumentReference d: state.Document(entry, d); break;
            }
        }
        var record = state.Build(patientEntry, patient);
        return new Mapped(record, patientEntry, state.Sources);
    }

    private void Error(List<FhirIssue> issues, FhirEntry entry, string? id, string element, string reason) =>
        issues.Add(new FhirIssue(file, entry.Line, entry.Index, id, entry.Label, element, reason, true));

    private void Warn(List<FhirIssue> issues, FhirEntry entry, string? id, string element, string reason) =>
        issues.Add(new FhirIssue(file, entry.Line, entry.Index, id, entry.Label, element, reason, false));

    /// <summary>A value taken from one Observation, with its time.</summary>
    private sealed record Taken<T>(T Value, DateTimeOffset? At, FhirEntry Entry);

    /// <summary>What has been read for one patient so far.</summary>
    private sealed class PatientState(FhirPatientMapper mapper, string id, List<FhirIssue> issues)
    {
        private readonly Dictionary<string, Taken<double>> numbers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Taken<bool>> flags = new(StringComparer.Ordinal);
        private readonly List<Taken<double>> lesions = [];
        private readonly List<Taken<WearableSample>> samples = [];
        private readonly List<(FhirEntry Entry, TreatmentCourse Course)> courses = [];
        private readonly Dictionary<string, FhirEntry> sources = new(StringComparer.Ordinal);
        private Taken<(string TumourType, string? Stage)>? condition;
        private FhirEntry? historyList;
        private Taken<string>? note;
        private DateTimeOffset? latest;

        public IReadOnlyDictionary<string, FhirEntry> Sources => sources;

        public void Observation(FhirEntry entry, Observation o)
        {
            if (o.Status is not { } status || !Usable.Contains(status))
            {
                mapper.Warn(issues, entry, id, "Observation.status", $"status '{o.Status?.ToString() ?? "(none)"}' is not final, amended or corrected");
                return;
            }
            var at = Time(o.Effective);
            if (at is { } t && (latest is null || t > latest)) latest = t;
            var coding = o.Code?.Coding ?? [];
            bool Has(string system, string code) => coding.Any(c => c.System == system && c.Code == code);

            if (Has(FhirCodes.Loinc, FhirCodes.AgeLoinc)) Number(entry, o, "clinical.age_years", UcumQuantity.AgeYears, at);
            else if (Has(FhirCodes.Loinc, FhirCodes.EcogLoinc)) Ecog(entry, o, at);
            else if (Has(FhirCodes.Project, FhirCodes.PriorLines)) Integer(entry, o, "clinical.prior_lines", at);
            else if (Has(FhirCodes.Snomed, FhirCodes.PackYearsSnomed)) Number(entry, o, "clinical.smoking_pack_years", UcumQuantity.PackYears, at);
            else if (LabField(coding) is { } lab) Lab(entry, o, lab.Field, lab.Unit, at);
            else if (Has(FhirCodes.Loinc, FhirCodes.Pdl1Loinc)) Number(entry, o, "omics.pdl1_tps_pct", UcumQuantity.Pdl1, at);
            else if (Has(FhirCodes.Loinc, FhirCodes.TmbLoinc)) Number(entry, o, "omics.tmb_mut_per_mb", UcumQuantity.Tmb, at);
            else if (Has(FhirCodes.Project, FhirCodes.DpydActivityScore)) Number(entry, o, "omics.dpyd_activity_score", UcumQuantity.DpydScore, at);
            else if (Has(FhirCodes.Project, FhirCodes.Ugt1a1PoorMetaboliser)) Flag(entry, o, "omics.ugt1a1_poor_metaboliser", at);
            else if (Has(FhirCodes.Loinc, FhirCodes.VariantAssessmentLoinc)) Variant(entry, o, at);
            else if (Has(FhirCodes.Project, FhirCodes.Expression)) Expression(entry, o, at);
            else if (Has(FhirCodes.Loinc, FhirCodes.TumourLongestDiameterLoinc) || Has(FhirCodes.Loinc, FhirCodes.TumourSizeLoinc)) Lesion(entry, o, at);
            else if (coding.FirstOrDefault(c => c.System == FhirCodes.Project && c.Code?.StartsWith(FhirCodes.RadiomicsPrefix, StringComparison.Ordinal) == true) is { } radiomics)
                Radiomics(entry, o, radiomics.Code![FhirCodes.RadiomicsPrefix.Length..], at);
            else if (Has(FhirCodes.Project, FhirCodes.WearableSample)) Wearable(entry, o, at);
            else
                mapper.Warn(issues, entry, id, "Observation.code", $"code {Describe(o.Code)} is not one of the mapped codes (DtSmdrl.Host/README.md, FHIR import)");
        }

        private static (string Field, UcumQuantity Unit)? LabField(List<Coding> coding)
        {
            foreach (var c in coding.Where(c => c.System == FhirCodes.Loinc))
            {
                switch (c.Code)
                {
                    case "751-8" or "26499-4": return ("labs.anc_10e9_per_l", UcumQuantity.Anc);
                    case "718-7": return ("labs.hemoglobin_g_per_dl", UcumQuantity.Hemoglobin);
                    case "777-3" or "26515-7": return ("labs.platelets_10e9_per_l", UcumQuantity.Platelets);
                    case "2160-0": return ("labs.creatinine_mg_per_dl", UcumQuantity.Creatinine);
                    case "33914-3" or "62238-1" or "98979-8" or "48642-3" or "48643-1": return ("labs.egfr_ml_per_min", UcumQuantity.Egfr);
                    case "1742-6": return ("labs.alt_u_per_l", UcumQuantity.Alt);
                    case "1920-8": return ("labs.ast_u_per_l", UcumQuantity.Ast);
                    case "1975-2": return ("labs.bilirubin_mg_per_dl", UcumQuantity.Bilirubin);
                    case "2532-0" or "14804-9": return ("labs.ldh_u_per_l", UcumQuantity.Ldh);
                    case "1751-7": return ("labs.albumin_g_per_dl", UcumQuantity.Albumin);
                }
            }
            return null;
        }

        private void Lab(FhirEntry entry, Observation o, string field, UcumQuantity unit, DateTimeOffset? at)
        {
            if (at is null)
            {
                mapper.Error(issues, entry, id, "Observation.effective[x]", "a lab value needs its collection time (effectiveDateTime)");
                return;
            }
            Number(entry, o, field, unit, at);
        }

        private void Number(FhirEntry entry, Observation o, string field, UcumQuantity unit, DateTimeOffset? at)
        {
            if (QuantityValue(entry, o.Value, "Observation.value", unit) is { } value) Keep(numbers, field, new Taken<double>(value, at, entry));
        }

        private void Integer(FhirEntry entry, Observation o, string field, DateTimeOffset? at)
        {
            if (o.Value is Integer { Value: { } n }) Keep(numbers, field, new Taken<double>(n, at, entry));
            else mapper.Error(issues, entry, id, "Observation.value[x]", $"expected valueInteger, got {o.Value?.TypeName ?? "no value"}");
        }

        private void Flag(FhirEntry entry, Observation o, string field, DateTimeOffset? at)
        {
            if (o.Value is FhirBoolean { Value: { } b }) Keep(flags, field, new Taken<bool>(b, at, entry));
            else mapper.Error(issues, entry, id, "Observation.value[x]", $"expected valueBoolean, got {o.Value?.TypeName ?? "no value"}");
        }

        private void Ecog(FhirEntry entry, Observation o, DateTimeOffset? at)
        {
            int? grade = o.Value switch
            {
                Integer { Value: { } n } => n,
                CodeableConcept cc => cc.Coding.Where(c => c.System == FhirCodes.Loinc && c.Code is not null && FhirCodes.EcogAnswers.ContainsKey(c.Code))
                    .Select(c => (int?)FhirCodes.EcogAnswers[c.Code!]).FirstOrDefault(),
                _ => null,
            };
            if (grade is { } g) Keep(numbers, "clinical.ecog", new Taken<double>(g, at, entry));
            else mapper.Error(issues, entry, id, "Observation.value[x]", $"ECOG must be valueInteger 0-4 or a LOINC answer ({string.Join(", ", FhirCodes.EcogAnswers.Keys)}); got {o.Value?.TypeName ?? "no value"}");
        }

        private void Variant(FhirEntry entry, Observation o, DateTimeOffset? at)
        {
            var gene = Gene(entry, o);
            if (gene is null) return;
            var answer = (o.Value as CodeableConcept)?.Coding.FirstOrDefault(c => c.System == FhirCodes.Loinc)?.Code;
            bool? present = answer switch { FhirCodes.VariantPresentLoinc => true, FhirCodes.VariantAbsentLoinc => false, _ => null };
            if (present is null)
            {
                mapper.Error(issues, entry, id, "Observation.valueCodeableConcept", $"expected LOINC {FhirCodes.VariantPresentLoinc} (present) or {FhirCodes.VariantAbsentLoinc} (absent); got {Describe(o.Value as CodeableConcept)}");
                return;
            }
            Keep(flags, "omics.somatic_mutations." + gene, new Taken<bool>(present.Value, at, entry));
        }

        private void Expression(FhirEntry entry, Observation o, DateTimeOffset? at)
        {
            if (Gene(entry, o) is { } gene) Number(entry, o, "omics.expression_log2_tpm." + gene, UcumQuantity.Log2Tpm, at);
        }

        private string? Gene(FhirEntry entry, Observation o)
        {
            var component = o.Component.FirstOrDefault(c => c.Code?.Coding.Any(x => x.System == FhirCodes.Loinc && x.Code == FhirCodes.GeneStudiedLoinc) == true);
            var concept = component?.Value as CodeableConcept;
            var hgnc = concept?.Coding.FirstOrDefault(c => c.System == FhirCodes.Hgnc);
            var gene = hgnc?.Display ?? FhirCodes.HgncIds.FirstOrDefault(p => p.Value == hgnc?.Code).Key ?? concept?.Text;
            if (gene is null)
                mapper.Error(issues, entry, id, "Observation.component", $"no gene: expected a component {FhirCodes.GeneStudiedLoinc} (gene studied) with an HGNC coding or text");
            return gene;
        }

        private void Lesion(FhirEntry entry, Observation o, DateTimeOffset? at)
        {
            if (at is null)
            {
                mapper.Error(issues, entry, id, "Observation.effective[x]", "a lesion measurement needs the scan time (effectiveDateTime)");
                return;
            }
            if (QuantityValue(entry, o.Value, "Observation.value", UcumQuantity.LesionDiameter) is { } mm) lesions.Add(new Taken<double>(mm, at, entry));
        }

        private void Radiomics(FhirEntry entry, Observation o, string feature, DateTimeOffset? at) =>
            Number(entry, o, "imaging.radiomics." + feature, RadiomicsUnit(feature), at);

        private void Wearable(FhirEntry entry, Observation o, DateTimeOffset? at)
        {
            if (at is null)
            {
                mapper.Error(issues, entry, id, "Observation.effective[x]", "a wearable sample needs its time (effectiveDateTime)");
                return;
            }
            double? Channel(string loinc, UcumQuantity unit)
            {
                var c = o.Component.FirstOrDefault(c => c.Code?.Coding.Any(x => x.System == FhirCodes.Loinc && x.Code == loinc) == true);
                return c is null ? null : QuantityValue(entry, c.Value, $"Observation.component[{loinc}].value", unit);
            }
            var known = new[] { FhirCodes.HeartRateLoinc, FhirCodes.StepsLoinc, FhirCodes.SleepDurationLoinc, FhirCodes.Spo2Loinc };
            foreach (var other in o.Component.Where(c => c.Code?.Coding.Any(x => x.System == FhirCodes.Loinc && known.Contains(x.Code)) != true))
                mapper.Warn(issues, entry, id, "Observation.component", $"component {Describe(other.Code)} is not a mapped wearable channel");
            samples.Add(new Taken<WearableSample>(new WearableSample
            {
                Timestamp = at.Value,
                HeartRateBpm = Channel(FhirCodes.HeartRateLoinc, UcumQuantity.HeartRate),
                Steps = Channel(FhirCodes.StepsLoinc, UcumQuantity.Steps),
                SleepHours = Channel(FhirCodes.SleepDurationLoinc, UcumQuantity.SleepHours),
                Spo2Pct = Channel(FhirCodes.Spo2Loinc, UcumQuantity.Spo2),
            }, at, entry));
        }

        public void Condition(FhirEntry entry, Condition c)
        {
            var coding = c.Code?.Coding ?? [];
            var own = coding.FirstOrDefault(x => x.System == FhirCodes.TumourTypeSystem)?.Code;
            var snomed = coding.Where(x => x.System == FhirCodes.Snomed && x.Code is not null && FhirCodes.TumourTypeSnomed.ContainsKey(x.Code))
                .Select(x => FhirCodes.TumourTypeSnomed[x.Code!]).FirstOrDefault();
            var tumourType = own ?? snomed;
            if (tumourType is null)
            {
                mapper.Warn(issues, entry, id, "Condition.code", $"code {Describe(c.Code)} is not a recognised primary lung cancer (SNOMED CT {string.Join(", ", FhirCodes.TumourTypeSnomed.Keys)} or {FhirCodes.TumourTypeSystem})");
                return;
            }
            var summary = c.Stage.FirstOrDefault()?.Summary;
            var stage = summary?.Coding.FirstOrDefault(x => x.System == FhirCodes.StageSystem)?.Code
                ?? Catalogs.Stages.FirstOrDefault(s => string.Equals(summary?.Text?.Replace("Stage", "", StringComparison.OrdinalIgnoreCase).Trim(), s, StringComparison.OrdinalIgnoreCase));
            var at = Time(c.Onset) ?? (c.RecordedDateElement is { } recorded ? Time(recorded) : null);
            var taken = new Taken<(string, string?)>((tumourType, stage), at, entry);
            if (condition is null) condition = taken;
            else mapper.Warn(issues, entry, id, "Condition", $"a second primary cancer condition; the first one (entry {condition.Entry.Index}) is used");
        }

        public void Administration(FhirEntry entry, MedicationAdministration m)
        {
            if (m.Status is MedicationAdministration.MedicationAdministrationStatusCodes.EnteredInError or MedicationAdministration.MedicationAdministrationStatusCodes.NotDone)
            {
                mapper.Warn(issues, entry, id, "MedicationAdministration.status", $"status '{m.Status}' is not a given course");
                return;
            }
            var regimen = (m.Medication as CodeableConcept)?.Coding.FirstOrDefault(c => c.System == FhirCodes.RegimenSystem)?.Code;
            if (regimen is null)
            {
                mapper.Warn(issues, entry, id, "MedicationAdministration.medication[x]", $"medication {Describe(m.Medication as CodeableConcept)} is not coded as a regimen ({FhirCodes.RegimenSystem}: {string.Join(", ", Catalogs.Regimens)})");
                return;
            }
            var (start, end) = m.Effective switch
            {
                Period p => (Time(p.StartElement), Time(p.EndElement)),
                FhirDateTime d => (Time(d), Time(d)),
                _ => (null, null),
            };
            if (start is null)
            {
                mapper.Error(issues, entry, id, "MedicationAdministration.effective[x]", "the course needs a start (effectivePeriod.start or effectiveDateTime)");
                return;
            }
            var fraction = m.GetExtensionValue<FhirDecimal>(FhirCodes.DoseFractionExtension)?.Value;
            if (fraction is null)
            {
                mapper.Error(issues, entry, id, "MedicationAdministration.extension", $"the dose as a fraction of the standard dose is missing (extension {FhirCodes.DoseFractionExtension}, valueDecimal)");
                return;
            }
            courses.Add((entry, new TreatmentCourse { Regimen = regimen, DoseFraction = FhirNumbers.ToDouble(fraction.Value), Start = start.Value, End = end }));
        }

        public void List(FhirEntry entry, List l)
        {
            if (l.Code?.Coding.Any(c => c.System == FhirCodes.Loinc && c.Code == FhirCodes.MedicationHistoryLoinc) == true) historyList ??= entry;
            else mapper.Warn(issues, entry, id, "List.code", $"code {Describe(l.Code)} is not the medication history list (LOINC {FhirCodes.MedicationHistoryLoinc})");
        }

        public void Document(FhirEntry entry, DocumentReference d)
        {
            var attachment = d.Content.Select(c => c.Attachment).FirstOrDefault(a => a?.ContentType?.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) == true && a.Data is not null);
            if (attachment is null)
            {
                mapper.Warn(issues, entry, id, "DocumentReference.content", "no text/plain attachment with inline data: only plain-text notes are mapped");
                return;
            }
            string text;
            try
            {
                text = new UTF8Encoding(false, true).GetString(attachment.Data!);
            }
            catch (DecoderFallbackException)
            {
                mapper.Error(issues, entry, id, "DocumentReference.content.attachment.data", "the note is not valid UTF-8");
                return;
            }
            var taken = new Taken<string>(text, d.Date, entry);
            if (note is null) note = taken;
            else mapper.Warn(issues, entry, id, "DocumentReference", $"a second note; the first one (entry {note.Entry.Index}) is used");
        }

        public PatientRecord Build(FhirEntry patientEntry, Patient patient)
        {
            sources["patient_id"] = patientEntry;
            return new PatientRecord
            {
                PatientId = id,
                Clinical = BuildClinical(patientEntry, patient),
                Labs = BuildLabs(),
                Omics = BuildOmics(),
                Imaging = BuildImaging(),
                Signals = samples.Count == 0 ? null : new WearableSignals { Samples = Ordered(samples, "signals.samples") },
                History = BuildHistory(),
                Note = Use(note, "note"),
            };
        }

        private ClinicalData? BuildClinical(FhirEntry patientEntry, Patient patient)
        {
            var age = Use(numbers, "clinical.age_years");
            if (age is null && patient.BirthDateElement is { } birth && Time(new FhirDateTime(birth.Value)) is { } born && latest is { } reference)
            {
                // Whole years at the latest observation of the bundle (the decision point).
                var years = reference.Year - born.Year - (reference.Date < born.Date.AddYears(reference.Year - born.Year) ? 1 : 0);
                age = years;
                sources["clinical.age_years"] = patientEntry;
            }
            string? sex = patient.Gender switch { AdministrativeGender.Female => "female", AdministrativeGender.Male => "male", _ => null };
            if (sex is not null) sources["clinical.sex"] = patientEntry;
            var ecog = Use(numbers, "clinical.ecog");
            var priorLines = Use(numbers, "clinical.prior_lines");
            var packYears = Use(numbers, "clinical.smoking_pack_years");
            var tumourType = condition?.Value.TumourType;
            var stage = condition?.Value.Stage;
            if (condition is not null)
            {
                sources["clinical.tumour_type"] = condition.Entry;
                sources["clinical.stage"] = condition.Entry;
            }

            var missing = new List<string>();
            if (age is null) missing.Add($"age (LOINC {FhirCodes.AgeLoinc}, or Patient.birthDate)");
            if (sex is null) missing.Add("sex (Patient.gender female or male)");
            if (ecog is null) missing.Add($"ECOG (LOINC {FhirCodes.EcogLoinc})");
            if (tumourType is null) missing.Add("primary cancer (Condition)");
            if (tumourType is not null && stage is null) missing.Add($"stage group (Condition.stage.summary, {FhirCodes.StageSystem} or text such as \"Stage IVA\")");
            if (priorLines is null) missing.Add($"prior therapy lines ({FhirCodes.Project}#{FhirCodes.PriorLines})");
            if (missing.Count == 0)
                return new ClinicalData
                {
                    AgeYears = age!.Value, Sex = sex!, Ecog = (int)ecog!.Value, TumourType = tumourType!, Stage = stage!,
                    PriorLines = (int)priorLines!.Value, SmokingPackYears = packYears,
                };
            var found = age is not null || ecog is not null || priorLines is not null || tumourType is not null || packYears is not null;
            if (found)
                issues.Add(new FhirIssue(mapper.file, patientEntry.Line, patientEntry.Index, id, patientEntry.Label, "(clinical)",
                    $"the clinical modality is left out because it is incomplete: missing {string.Join("; ", missing)}", false));
            return null;
        }

        private LabPanel? BuildLabs()
        {
            string[] fields = ["labs.anc_10e9_per_l", "labs.hemoglobin_g_per_dl", "labs.platelets_10e9_per_l", "labs.creatinine_mg_per_dl", "labs.egfr_ml_per_min",
                "labs.alt_u_per_l", "labs.ast_u_per_l", "labs.bilirubin_mg_per_dl", "labs.ldh_u_per_l", "labs.albumin_g_per_dl"];
            var times = fields.Where(numbers.ContainsKey).Select(f => numbers[f].At!.Value).ToList();
            if (times.Count == 0) return null;
            return new LabPanel
            {
                CollectedAt = times.Max(),
                Anc10e9PerL = Use(numbers, fields[0]), HemoglobinGPerDl = Use(numbers, fields[1]), Platelets10e9PerL = Use(numbers, fields[2]),
                CreatinineMgPerDl = Use(numbers, fields[3]), EgfrMlPerMin = Use(numbers, fields[4]), AltUPerL = Use(numbers, fields[5]),
                AstUPerL = Use(numbers, fields[6]), BilirubinMgPerDl = Use(numbers, fields[7]), LdhUPerL = Use(numbers, fields[8]), AlbuminGPerDl = Use(numbers, fields[9]),
            };
        }

        private OmicsProfile? BuildOmics()
        {
            var keys = numbers.Keys.Concat(flags.Keys).Where(k => k.StartsWith("omics.", StringComparison.Ordinal)).ToList();
            if (keys.Count == 0) return null;
            var times = keys.Select(k => numbers.TryGetValue(k, out var n) ? n.At : flags[k].At).Where(t => t is not null).ToList();
            const string mutation = "omics.somatic_mutations.", expression = "omics.expression_log2_tpm.";
            var mutations = new Dictionary<string, bool>();
            foreach (var key in flags.Keys.Where(k => k.StartsWith(mutation, StringComparison.Ordinal)).ToList())
                mutations[key[mutation.Length..]] = Use(flags, key)!.Value;
            var genes = new Dictionary<string, double>();
            foreach (var key in numbers.Keys.Where(k => k.StartsWith(expression, StringComparison.Ordinal)).ToList())
                genes[key[expression.Length..]] = Use(numbers, key)!.Value;
            return new OmicsProfile
            {
                CollectedAt = times.Count == 0 ? null : times.Max(),
                SomaticMutations = mutations,
                DpydActivityScore = Use(numbers, "omics.dpyd_activity_score"),
                Ugt1a1PoorMetaboliser = Use(flags, "omics.ugt1a1_poor_metaboliser"),
                TmbMutPerMb = Use(numbers, "omics.tmb_mut_per_mb"),
                Pdl1TpsPct = Use(numbers, "omics.pdl1_tps_pct"),
                ExpressionLog2Tpm = genes,
            };
        }

        private ImagingStudy? BuildImaging()
        {
            const string prefix = "imaging.radiomics.";
            var radiomicsKeys = numbers.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            if (lesions.Count == 0)
            {
                foreach (var key in radiomicsKeys)
                    mapper.Warn(issues, numbers[key].Entry, id, "Observation", $"radiomics without a target lesion measurement (LOINC {FhirCodes.TumourLongestDiameterLoinc}): the imaging modality needs at least one lesion");
                return null;
            }
            // The latest scan's lesions, in bundle order; earlier scans are reported.
            var scan = lesions.Max(l => l.At!.Value);
            foreach (var old in lesions.Where(l => l.At != scan))
                mapper.Warn(issues, old.Entry, id, "Observation.effective[x]", $"lesion from an earlier scan ({old.At:O}); the latest scan ({scan:O}) is used");
            var current = lesions.Where(l => l.At == scan).ToList();
            for (var i = 0; i < current.Count; i++) sources[$"imaging.lesion_diameters_mm[{i}]"] = current[i].Entry;
            var radiomics = new Dictionary<string, double>();
            foreach (var key in radiomicsKeys) radiomics[key[prefix.Length..]] = Use(numbers, key)!.Value;
            return new ImagingStudy { AcquiredAt = scan, LesionDiametersMm = current.Select(l => l.Value).ToList(), Radiomics = radiomics };
        }

        private TreatmentHistory? BuildHistory()
        {
            if (historyList is null && courses.Count == 0) return null;
            if (historyList is not null) sources["history"] = historyList;
            for (var i = 0; i < courses.Count; i++) sources[$"history.courses[{i}]"] = courses[i].Entry;
            return new TreatmentHistory { Courses = courses.Select(c => c.Course).ToList() };
        }

        private List<T> Ordered<T>(List<Taken<T>> taken, string field)
        {
            var ordered = taken.OrderBy(t => t.At).ToList();   // stable: ties keep bundle order
            for (var i = 0; i < ordered.Count; i++) sources[$"{field}[{i}]"] = ordered[i].Entry;
            return ordered.Select(t => t.Value).ToList();
        }

        /// <summary>Keeps the latest of several values of one field and reports the others.</summary>
        private void Keep<T>(Dictionary<string, Taken<T>> into, string field, Taken<T> taken)
        {
            if (!into.TryGetValue(field, out var held)) { into[field] = taken; return; }
            var (newer, older) = (taken.At ?? DateTimeOffset.MinValue) > (held.At ?? DateTimeOffset.MinValue) ? (taken, held) : (held, taken);
            into[field] = newer;
            mapper.Warn(issues, older.Entry, id, "Observation", $"{field} is also given by the later entry {newer.Entry.Index}; the latest value is used");
        }

        private T? Use<T>(Dictionary<string, Taken<T>> from, string field) where T : struct
        {
            if (!from.TryGetValue(field, out var taken)) return null;
            sources[field] = taken.Entry;
            return taken.Value;
        }

        private string? Use(Taken<string>? taken, string field)
        {
            if (taken is null) return null;
            sources[field] = taken.Entry;
            return taken.Value;
        }

        private double? QuantityValue(FhirEntry entry, DataType? value, string element, UcumQuantity unit)
        {
            if (value is not Quantity q)
            {
                mapper.Error(issues, entry, id, element + "[x]", $"{unit.Name} must be a valueQuantity in {unit.Canonical}; got {value?.TypeName ?? "no value"}");
                return null;
            }
            if (q.Value is not { } number)
            {
                mapper.Error(issues, entry, id, element + "Quantity.value", $"{unit.Name} has no value");
                return null;
            }
            if (q.System is { } system && system != FhirCodes.Ucum)
            {
                mapper.Error(issues, entry, id, element + "Quantity.system", $"unit system '{system}' is not UCUM ({FhirCodes.Ucum})");
                return null;
            }
            var converted = unit.ToCanonical(FhirNumbers.ToDouble(number), q.Code ?? q.Unit, out var reason);
            if (converted is null) mapper.Error(issues, entry, id, element + "Quantity.code", reason!);
            return converted;
        }
    }

    private static DateTimeOffset? Time(DataType? value) =>
        value is FhirDateTime d && d.TryToDateTimeOffset(TimeSpan.Zero, out var t) ? t
        : value is Period p ? Time(p.StartElement)
        : null;

    private static string Describe(CodeableConcept? concept) =>
        concept is null ? "(none)"
        : concept.Coding.Count == 0 ? $"'{concept.Text}'"
        : string.Join(", ", concept.Coding.Select(c => $"{c.System}|{c.Code}"));
}
