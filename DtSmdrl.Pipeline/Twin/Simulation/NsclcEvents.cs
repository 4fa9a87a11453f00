using System.Runtime.CompilerServices;

namespace DtSmdrl.Pipeline.Twin.Simulation;

/// <summary>
/// The NSCLC twin's random grade >= 3 events (immune-related, targeted-therapy) as shared, allocation-free
/// functions, so the batched simulator and the single-patient reference (<see cref="NsclcReferenceEvents"/>)
/// draw and apply them identically. An event is drawn at the start of a cycle in which its drug is given and
/// no event of its kind is active: it begins with the cycle's probability (counter draw on the patient seed,
/// indexed by the cycle), at a uniform solver step after the cycle's first (so the day-0 dose is given), and
/// lasts its duration. While it is active the state's flag is 1 and the drug is held (<c>NsclcDynamics.ApplyCycleDoseEvent</c>).
/// </summary>
public static class NsclcEvents
{
    /// <summary>Whether an event with window [onset, end) covers solver step <paramref name="step"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Active(long step, long onset, long end) => step >= onset && step < end;

    /// <summary>
    /// Draws whether an event begins in the cycle starting at solver step <paramref name="firstStep"/> and
    /// <paramref name="steps"/> steps long; if so, sets its window [onset, end).
    /// </summary>
    public static void Draw(
        ulong seed, ulong stream, ulong onsetStream, int cycle, double probability,
        long firstStep, int steps, double durationDays, int stepsPerDay, ref long onset, ref long end)
    {
        if (steps <= 1 || CounterRandom.Uniform(seed, stream, (ulong)cycle) >= probability)
        {
            return;
        }

        onset = firstStep + 1 + (long)(CounterRandom.Uniform(seed, onsetStream, (ulong)cycle) * (steps - 1));
        end = onset + (long)Math.Round(durationDays * stepsPerDay);
    }

    /// <summary>
    /// Sets the state's flag for solver step <paramref name="step"/> and counts the onset when the flag turns
    /// on (so calling it twice for one step counts once).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ApplyFlag(long step, long onset, long end, int flag, int count, Span<double> y)
    {
        var active = Active(step, onset, end);
        if (active && y[flag] <= 0)
        {
            y[count] += 1.0;
        }

        y[flag] = active ? 1.0 : 0.0;
    }
}
