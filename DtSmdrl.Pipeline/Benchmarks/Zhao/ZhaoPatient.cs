using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Benchmarks.Zhao;

/// <summary>
/// One virtual patient of the Zhao 2009 benchmark: the initial wellness and tumour size (W0, M0 ~ U(0, 2)) and
/// the seed of the patient's counter-based death draws. The same patient run under two regimens sees the same
/// death uniform in each month (common random numbers).
/// </summary>
/// <param name="W0">Initial wellness (toxicity burden).</param>
/// <param name="M0">Initial tumour size.</param>
/// <param name="NoiseSeed">Seed of <c>CounterRandom.Uniform(NoiseSeed, ExperimentStream, month)</c>, as in the reference simulator.</param>
public readonly record struct ZhaoPatient(double W0, double M0, ulong NoiseSeed)
{
    /// <summary>The model parameters of this patient (published constants, this patient's W0 and M0).</summary>
    public ZhaoParameters Parameters => ZhaoParameters.Published(W0, M0);

    /// <summary>Draws a patient: W0, M0 ~ U(0, 2) as in the paper, and a noise seed.</summary>
    public static ZhaoPatient Draw(AgentRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var w0 = 2.0 * rng.NextDouble();
        var m0 = 2.0 * rng.NextDouble();
        return new ZhaoPatient(w0, m0, rng.NextUInt64());
    }

    /// <summary>A fixed cohort of <paramref name="count"/> patients drawn from <paramref name="seed"/>.</summary>
    public static ZhaoPatient[] Cohort(int count, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var rng = new AgentRandom(seed);
        var patients = new ZhaoPatient[count];
        for (var i = 0; i < count; i++)
            patients[i] = Draw(rng);
        return patients;
    }
}
