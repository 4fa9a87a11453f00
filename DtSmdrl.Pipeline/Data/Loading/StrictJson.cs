using System.Text;
using System.Text.Json;

namespace DtSmdrl.Pipeline.Data.Loading;

/// <summary>
/// Parses one JSON record once, refusing what a JSON parser would otherwise let through ambiguously: a key that
/// appears twice in one object (the schema would check one occurrence and the deserialiser keep the other), a lone
/// UTF-16 surrogate escape ("\ud800", not a character), a NUL character in a text (PostgreSQL text cannot hold it),
/// and a number no finite double can hold (1e400 would become Infinity). What passes is the one document both the schema and the deserialiser read.
/// </summary>
public static class StrictJson
{
    /// <summary>The first problem found: the field, why, and the record's patient_id when it was read before it.</summary>
    public sealed record Problem(string Field, string Reason, string? RecordId);

    /// <summary>
    /// The parsed document, or null and the problem. Malformed JSON throws <see cref="JsonException"/> as
    /// <see cref="JsonDocument.Parse(string, JsonDocumentOptions)"/> does.
    /// </summary>
    public static JsonDocument? Parse(string text, out Problem? problem)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        problem = Check(bytes);
        return problem is null ? JsonDocument.Parse(bytes) : null;
    }

    private sealed class Scope(string path, bool isObject)
    {
        public string Path { get; } = path;
        public bool IsObject { get; } = isObject;
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
        public int Index { get; set; }
        public string? PendingKey { get; set; }
    }

    // Walks every token once; throws JsonException for malformed JSON (the caller reports it as invalid JSON).
    private static Problem? Check(byte[] bytes)
    {
        string? id = null;
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 });
        var scopes = new Stack<Scope>();

        string ValuePath()
        {
            if (scopes.Count == 0) return "(record)";
            var scope = scopes.Peek();
            return scope.IsObject ? Join(scope.Path, scope.PendingKey ?? "") : $"{scope.Path}[{scope.Index}]";
        }

        void ValueDone()
        {
            if (scopes.Count == 0) return;
            var scope = scopes.Peek();
            if (scope.IsObject) scope.PendingKey = null;
            else scope.Index++;
        }

        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var path = scopes.Count == 0 ? "" : ValuePath();
                    scopes.Push(new Scope(path, reader.TokenType == JsonTokenType.StartObject));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    scopes.Pop();
                    ValueDone();
                    break;
                case JsonTokenType.PropertyName:
                    var scopeOfKey = scopes.Peek();
                    if (!TryGetString(ref reader, out var key))
                        return new(scopeOfKey.Path.Length == 0 ? "(record)" : scopeOfKey.Path, "a key holds a lone UTF-16 surrogate escape (\\uD800-\\uDFFF without its pair); not a valid character", id);
                    if (!scopeOfKey.Keys.Add(key))
                        return new(Join(scopeOfKey.Path, key), $"duplicate key '{key}': it appears more than once in the same object", id);
                    scopeOfKey.PendingKey = key;
                    break;
                case JsonTokenType.String:
                    if (!TryGetString(ref reader, out var text))
                        return new(ValuePath(), "the text holds a lone UTF-16 surrogate escape (\\uD800-\\uDFFF without its pair); not a valid character", id);
                    if (text.Contains('\0'))
                        return new(ValuePath(), "the text holds a NUL character (\\u0000); not accepted in clinical text", id);
                    if (scopes.Count == 1 && scopes.Peek().PendingKey == "patient_id") id = text;
                    ValueDone();
                    break;
                case JsonTokenType.Number:
                    if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
                        return new(ValuePath(), $"number {Encoding.UTF8.GetString(reader.ValueSpan)} is outside the range of a finite double", id);
                    ValueDone();
                    break;
                default:
                    ValueDone();
                    break;
            }
        }
        return null;
    }

    private static bool TryGetString(ref Utf8JsonReader reader, out string value)
    {
        try
        {
            value = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = "";
            return false;
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
