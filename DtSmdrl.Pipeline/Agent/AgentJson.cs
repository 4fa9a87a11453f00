using System.Text.Json;

namespace DtSmdrl.Pipeline.Agent;

/// <summary>JSON settings for agent files (checkpoints, policy descriptions): indented, camelCase-free, exact doubles.</summary>
internal static class AgentJson
{
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = true };
}
