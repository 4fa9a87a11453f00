namespace DtSmdrl.Pipeline.Data.Fhir;

/// <summary>
/// One measured quantity of the contracts with its canonical UCUM unit (the unit of the record field)
/// and the other UCUM units a sender may use, each with the factor to the canonical unit. Units are
/// matched on the UCUM code (case-sensitive, as UCUM is); a unit not listed is refused with the list
/// of accepted ones, never guessed.
/// </summary>
public sealed class UcumQuantity
{
    private readonly IReadOnlyDictionary<string, double> factors;

    private UcumQuantity(string name, string canonical, params (string Unit, double Factor)[] others)
    {
        Name = name;
        Canonical = canonical;
        var all = new Dictionary<string, double>(StringComparer.Ordinal) { [canonical] = 1.0 };
        foreach (var (unit, factor) in others) all[unit] = factor;
        factors = all;
    }

    /// <summary>What is measured, for messages.</summary>
    public string Name { get; }

    /// <summary>The UCUM code of the record field's unit, written by the exporter.</summary>
    public string Canonical { get; }

    /// <summary>Every accepted unit code.</summary>
    public IEnumerable<string> Units => factors.Keys;

    /// <summary>The value in the canonical unit, or null and the reason.</summary>
    public double? ToCanonical(double value, string? unit, out string? reason)
    {
        reason = null;
        if (string.IsNullOrWhiteSpace(unit))
        {
            reason = $"{Name} has no UCUM unit code; expected {Canonical} (or {string.Join(", ", Units.Skip(1))})";
            return null;
        }
        if (!factors.TryGetValue(unit.Trim(), out var factor))
        {
            reason = $"unit '{unit}' is not an accepted UCUM unit for {Name}; accepted: {string.Join(", ", Units)}";
            return null;
        }
        // Round away the binary noise of the factor (e.g. 8.1 / 88.42) at 12 significant digits.
        return factor == 1.0 ? value : RoundSignificant(value * factor, 12);
    }

    private static double RoundSignificant(double value, int digits)
    {
        if (value == 0 || !double.IsFinite(value)) return value;
        var scale = Math.Pow(10, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value))));
        return Math.Round(value * scale) / scale;
    }

    // Cell counts: 10^9/L equals 10^3/uL; per uL (= per mm3) is 1000 times larger.
    public static UcumQuantity CellCount(string name) =>
        new(name, "10*9/L", ("10*3/uL", 1.0), ("10*3/mm3", 1.0), ("/uL", 1e-3), ("/mm3", 1e-3), ("{cells}/uL", 1e-3), ("/nL", 1.0));

    public static UcumQuantity Anc { get; } = CellCount("absolute neutrophil count");
    public static UcumQuantity Platelets { get; } = CellCount("platelet count");

    /// <summary>Haemoglobin: g/L / 10; mmol/L (monomer, 16.11 g/mmol) x 1.611.</summary>
    public static UcumQuantity Hemoglobin { get; } = new("haemoglobin", "g/dL", ("g/L", 0.1), ("mmol/L", 1.611));

    /// <summary>Creatinine: 88.42 umol/L = 1 mg/dL.</summary>
    public static UcumQuantity Creatinine { get; } = new("creatinine", "mg/dL", ("umol/L", 1 / 88.42), ("mg/L", 0.1));

    /// <summary>Bilirubin: 17.104 umol/L = 1 mg/dL.</summary>
    public static UcumQuantity Bilirubin { get; } = new("bilirubin", "mg/dL", ("umol/L", 1 / 17.104), ("mg/L", 0.1));

    public static UcumQuantity Albumin { get; } = new("albumin", "g/dL", ("g/L", 0.1));

    /// <summary>eGFR per body surface; the unnormalised mL/min is refused (a different quantity).</summary>
    public static UcumQuantity Egfr { get; } = new("eGFR", "mL/min/{1.73_m2}", ("mL/min/1.73.m2", 1.0), ("mL/min/{1.73m2}", 1.0));

    /// <summary>Enzyme activity: 1 ukat/L = 60 U/L.</summary>
    public static UcumQuantity Enzyme(string name) => new(name, "U/L", ("[IU]/L", 1.0), ("ukat/L", 60.0), ("mU/mL", 1.0));

    public static UcumQuantity Alt { get; } = Enzyme("ALT");
    public static UcumQuantity Ast { get; } = Enzyme("AST");
    public static UcumQuantity Ldh { get; } = Enzyme("LDH");

    public static UcumQuantity AgeYears { get; } = new("age", "a", ("mo", 1 / 12.0));
    public static UcumQuantity PackYears { get; } = new("smoking pack-years", "{PackYears}", ("1", 1.0));

    public static UcumQuantity Percent(string name) => new(name, "%", ("1", 100.0));
    public static UcumQuantity Pdl1 { get; } = Percent("PD-L1 tumour proportion score");
    public static UcumQuantity Spo2 { get; } = Percent("SpO2");

    /// <summary>Mutations per megabase, written as the genomics reporting guide does (per 10^6 bases).</summary>
    public static UcumQuantity Tmb { get; } = new("tumour mutational burden", "1/1000000{Base}", ("{mutations}/10*6{Base}", 1.0));

    public static UcumQuantity DpydScore { get; } = new("DPYD activity score", "{score}", ("1", 1.0));
    public static UcumQuantity Log2Tpm { get; } = new("expression log2(TPM + 1)", "{log2_TPM+1}");

    public static UcumQuantity LesionDiameter { get; } = new("lesion diameter", "mm", ("cm", 10.0));
    public static UcumQuantity VolumeMl { get; } = new("tumour volume", "mL", ("cm3", 1.0), ("L", 1000.0));
    public static UcumQuantity Dimensionless(string name) => new(name, "1");

    public static UcumQuantity HeartRate { get; } = new("heart rate", "/min", ("{beats}/min", 1.0));
    public static UcumQuantity Steps { get; } = new("steps", "{steps}", ("1", 1.0));
    public static UcumQuantity SleepHours { get; } = new("sleep duration", "h", ("min", 1 / 60.0));
}
