namespace DtSmdrl.Pipeline.Fusion.MlNet;

/// <summary>One input modality of the fusion estimator: a feature column and the slot of the modality mask that says whether it is present.</summary>
/// <param name="Column">A Vector&lt;Single&gt; column of known size, e.g. "LabFeatures".</param>
/// <param name="MaskSlot">Index into the modality mask column (1 = present, 0 = absent), e.g. 1 for labs.</param>
/// <param name="ValueSlots">
/// 0: every slot becomes one token. N &gt; 0: the column has the featuriser's block layout [N values, N missing indicators, extras];
/// the indicators are folded into the values (a value whose indicator is 1 becomes NaN, which the model replaces by a learned
/// per-feature missing embedding, the FT-Transformer way), so the modality has N + extras tokens instead of 2N + extras.
/// </param>
public sealed record FusionInputModality(string Column, int MaskSlot, int ValueSlots = 0)
{
    /// <summary>Tokens of a column of <paramref name="size"/> slots; throws naming the column when the layout does not fit.</summary>
    public int TokenCount(int size)
    {
        if (ValueSlots < 0 || 2 * ValueSlots > size)
            throw new ArgumentOutOfRangeException("inputSchema",
                $"DtSmdrl.FuseModalities: feature column '{Column}' has {size} slots, too few for ValueSlots = {ValueSlots} values plus as many missing indicators.");
        return size - ValueSlots;
    }

    /// <summary>The tokens' values of one row: indicators folded into NaN values, extras appended.</summary>
    public float[] Tokens(float[] slots)
    {
        if (ValueSlots == 0)
            return slots;
        var n = ValueSlots;
        var tokens = new float[slots.Length - n];
        for (var j = 0; j < n; j++)
            tokens[j] = slots[n + j] > 0.5f ? float.NaN : slots[j];
        Array.Copy(slots, 2 * n, tokens, n, slots.Length - 2 * n);
        return tokens;
    }
}
