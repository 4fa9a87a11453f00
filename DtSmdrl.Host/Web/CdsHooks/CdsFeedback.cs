using System.Text.Json;
using DtSmdrl.Host.Storage;

namespace DtSmdrl.Host.Web.CdsHooks;

/// <summary>
/// `POST /cds-services/{id}/feedback`: each accepted or overridden card becomes a row of the decision audit
/// trail (source cds-hooks, the card uuid, the EHR's reason). The whole body is checked first and stored in
/// one transaction: a body with one bad item stores nothing.
/// </summary>
public sealed class CdsFeedback(Database database)
{
    public int Record(string hook, JsonElement body, CdsCaller caller)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("feedback", out var items) || items.ValueKind != JsonValueKind.Array)
            throw new CdsHookException(400, "feedback: required, an array");
        var decisions = new List<StoredDecision>();
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var at = $"feedback[{index++}]";
            var card = Text(item, "card") ?? throw new CdsHookException(400, $"{at}.card: required, the card's uuid");
            var outcome = Text(item, "outcome") ?? throw new CdsHookException(400, $"{at}.outcome: required, accepted or overridden");
            if (!DecisionKind.IsValid(outcome)) throw new CdsHookException(400, $"{at}.outcome: '{outcome}' is not accepted or overridden");
            if (CardIds.Read(card, CdsServiceCatalog.Hooks) is not { } issued || issued.Hook != hook)
                throw new CdsHookException(400, $"{at}.card: '{card}' is not a card of this service");
            var patient = database.Read(c => c.Scalar("SELECT patient_id FROM recommendations WHERE id = @id", ("@id", issued.RecommendationId))) as string
                ?? throw new CdsHookException(400, $"{at}.card: '{card}' shows no stored recommendation");
            var time = Text(item, "outcomeTimestamp") is { } stamp && DateTimeOffset.TryParse(stamp, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t)
                ? t.ToUnixTimeMilliseconds() : database.NowMs;
            decisions.Add(new StoredDecision(0, issued.RecommendationId, patient, outcome, Reason(item, outcome), null, DecisionSource.CdsHooks, card,
                caller.Subject ?? caller.Issuer, time));
        }
        database.Write(t => decisions.ForEach(d => RecommendationDecisionStore.Append(t, d)));
        return decisions.Count;
    }

    private static string Reason(JsonElement item, string outcome)
    {
        if (outcome == DecisionKind.Accepted)
        {
            var suggestions = item.TryGetProperty("acceptedSuggestions", out var s) && s.ValueKind == JsonValueKind.Array
                ? s.EnumerateArray().Select(x => Text(x, "id")).Where(x => x is not null).ToList() : [];
            return suggestions.Count == 0 ? "accepted in the EHR" : $"accepted in the EHR with suggestion {string.Join(", ", suggestions)}";
        }
        var reason = item.TryGetProperty("overrideReason", out var o) && o.ValueKind == JsonValueKind.Object ? o : default;
        var coded = reason.ValueKind == JsonValueKind.Object && reason.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.Object
            ? Text(r, "display") ?? Text(r, "code") : null;
        var comment = reason.ValueKind == JsonValueKind.Object ? Text(reason, "userComment") : null;
        var parts = new[] { coded, comment }.Where(p => p is not null).ToList();
        return parts.Count == 0 ? "overridden in the EHR without a reason" : "overridden in the EHR: " + string.Join(" — ", parts);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } s ? s : null;
}
