namespace DtSmdrl.Plugins.BuiltIn.Causal;

/// <summary>Assigns rows to K folds, stratified by treatment so every training split has both arms.</summary>
internal static class CrossFitting
{
    /// <summary>Fold index (0..K-1) per row: each arm is shuffled with the seed and dealt round-robin.</summary>
    public static int[] AssignFolds(bool[] treated, int folds, int seed)
    {
        var fold = new int[treated.Length];
        var random = new Random(seed);
        foreach (var arm in new[] { true, false })
        {
            var rows = Enumerable.Range(0, treated.Length).Where(i => treated[i] == arm).ToArray();
            random.Shuffle(rows);
            for (var k = 0; k < rows.Length; k++) fold[rows[k]] = k % folds;
        }
        return fold;
    }
}
