namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>
/// Days survived in each Q-TWiST state over an episode (the simulator's counters), or their mean over replicates.
/// J is linear in them, so J for any utility follows without re-simulating (<see cref="QtwistUtility.Value"/>).
/// </summary>
/// <param name="Toxicity">Days alive with a grade >= 3 toxicity.</param>
/// <param name="Twist">Days alive without grade >= 3 toxicity before progression.</param>
/// <param name="Relapse">Days alive without grade >= 3 toxicity after progression.</param>
public readonly record struct QtwistDays(double Toxicity, double Twist, double Relapse)
{
    public static QtwistDays operator +(QtwistDays a, QtwistDays b) => new(a.Toxicity + b.Toxicity, a.Twist + b.Twist, a.Relapse + b.Relapse);

    /// <summary>The counts divided by <paramref name="n"/> (a mean over n replicates).</summary>
    public QtwistDays Over(int n) => new(Toxicity / n, Twist / n, Relapse / n);
}
