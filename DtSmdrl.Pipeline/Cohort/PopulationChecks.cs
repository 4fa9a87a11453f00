using System.Reflection;
using System.Text.Json;
using DtSmdrl.Pipeline.Twin.Prior;

namespace DtSmdrl.Pipeline.Cohort;

/// <summary>The value rules of a population, each failure naming the field by its JSON path (snake_case, as in the file).</summary>
public static class PopulationChecks
{
    /// <summary>The JSON name of a property.</summary>
    public static string JsonName(string property) => JsonNamingPolicy.SnakeCaseLower.ConvertName(property);

    /// <summary>A probability: finite, in [0, 1].</summary>
    public static void Probability(string path, double value)
    {
        if (!double.IsFinite(value) || value < 0 || value > 1) throw new PopulationException(path, $"{value} is a probability and must be in [0, 1]");
    }

    /// <summary>A finite number >= 0 (a median, an SD, a count-like level).</summary>
    public static void NonNegative(string path, double value)
    {
        if (!double.IsFinite(value) || value < 0) throw new PopulationException(path, $"{value} must be a finite number >= 0");
    }

    /// <summary>
    /// Every double property of a section: a probability unless it is named in <paramref name="notProbabilities"/>, then
    /// a finite number >= 0; nested <see cref="Readout"/>s are validated as readouts.
    /// </summary>
    public static void Section(object section, string path, params string[] notProbabilities)
    {
        foreach (var property in section.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var field = $"{path}.{JsonName(property.Name)}";
            var value = property.GetValue(section);
            if (value is Readout readout) readout.Validate(field);
            else if (property.PropertyType == typeof(double))
            {
                if (notProbabilities.Contains(property.Name)) NonNegative(field, (double)value!);
                else Probability(field, (double)value!);
            }
        }
    }

    /// <summary>
    /// The latent section with field paths: every number finite and >= 0 (the irAE and targeted-therapy event logits may be negative), probabilities
    /// and shares in [0, 1], the PD-L1 and ECOG shares summing to at most 1, K / V0 above 2, each clip's min below its max.
    /// </summary>
    public static void Latent(TwinPriorOptions latent, string path)
    {
        string[] probabilities =
        [
            nameof(TwinPriorOptions.EgfrPrevalence), nameof(TwinPriorOptions.TpsHighShare), nameof(TwinPriorOptions.TpsLowShare),
            nameof(TwinPriorOptions.Ecog0Share), nameof(TwinPriorOptions.Ecog2Share), nameof(TwinPriorOptions.ResponderTpsHigh),
            nameof(TwinPriorOptions.ResponderTpsLow), nameof(TwinPriorOptions.ResponderTpsNegative),
        ];
        foreach (var property in typeof(TwinPriorOptions).GetProperties())
        {
            if (property.PropertyType != typeof(double)) continue;
            var field = $"{path}.{JsonName(property.Name)}";
            var value = (double)property.GetValue(latent)!;
            if (probabilities.Contains(property.Name)) Probability(field, value);
            else if (property.Name is nameof(TwinPriorOptions.IraeLogit0) or nameof(TwinPriorOptions.IraeLogitPerDose) or nameof(TwinPriorOptions.TkaeLogit))
            {
                if (!double.IsFinite(value)) throw new PopulationException(field, $"{value} is not a finite number");
            }
            else NonNegative(field, value);
        }
        if (latent.TpsHighShare + latent.TpsLowShare > 1)
            throw new PopulationException($"{path}.tps_low_share", $"tps_high_share {latent.TpsHighShare} + tps_low_share {latent.TpsLowShare} exceed 1");
        if (latent.Ecog0Share + latent.Ecog2Share > 1)
            throw new PopulationException($"{path}.ecog2_share", $"ecog0_share {latent.Ecog0Share} + ecog2_share {latent.Ecog2Share} exceed 1");
        if (!(latent.PlateauRatio > 2))
            throw new PopulationException($"{path}.plateau_ratio", $"{latent.PlateauRatio} must exceed 2");
        foreach (var (min, max) in new[]
                 {
                     (nameof(TwinPriorOptions.SldMin), nameof(TwinPriorOptions.SldMax)),
                     (nameof(TwinPriorOptions.DoublingMin), nameof(TwinPriorOptions.DoublingMax)),
                     (nameof(TwinPriorOptions.ResistantFractionMin), nameof(TwinPriorOptions.ResistantFractionMax)),
                     (nameof(TwinPriorOptions.GrRatioMin), nameof(TwinPriorOptions.GrRatioMax)),
                     (nameof(TwinPriorOptions.MuMin), nameof(TwinPriorOptions.MuMax)),
                 })
        {
            var lo = (double)typeof(TwinPriorOptions).GetProperty(min)!.GetValue(latent)!;
            var hi = (double)typeof(TwinPriorOptions).GetProperty(max)!.GetValue(latent)!;
            if (lo > hi) throw new PopulationException($"{path}.{JsonName(min)}", $"{lo} is above {JsonName(max)} {hi}");
        }
        if (!(latent.MuMin > 0)) throw new PopulationException($"{path}.mu_min", $"{latent.MuMin} must be > 0 (mu is log-uniform)");
        if (!(latent.SldMin > 0)) throw new PopulationException($"{path}.sld_min", $"{latent.SldMin} must be > 0");
        if (!(latent.DoublingMin > 0)) throw new PopulationException($"{path}.doubling_min", $"{latent.DoublingMin} must be > 0");
        if (!(latent.ResistantFractionMin > 0)) throw new PopulationException($"{path}.resistant_fraction_min", $"{latent.ResistantFractionMin} must be > 0");
    }
}
