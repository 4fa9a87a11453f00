using DtSmdrl.Pipeline.Twin.Inference;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Planning;

/// <summary>
/// What a planner believes about one patient's twin during one episode: starts from the prior given the observed
/// record, conditions on the observed course, and yields twin samples. Never holds the true twin.
/// </summary>
public interface ITwinBelief
{
    /// <summary>Conditions on the whole observed course so far (actions given, SLD and ANC measurements).</summary>
    void Update(ObservedHistory history);

    /// <summary><paramref name="count"/> twin samples from the current belief.</summary>
    NsclcParameters[] Sample(int count);
}
