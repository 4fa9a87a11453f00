using Cronos;

namespace DtSmdrl.Host.Jobs;

/// <summary>A parsed cron expression (Cronos): 5 fields, or 6 with seconds first; evaluated in UTC.</summary>
public sealed class CronSchedule
{
    private readonly CronExpression expression;

    private CronSchedule(string text, CronExpression expression)
    {
        Text = text;
        this.expression = expression;
    }

    public string Text { get; }

    /// <summary>Parses; throws <see cref="FormatException"/> naming the expression and the expected form.</summary>
    public static CronSchedule Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new FormatException("empty cron expression");
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields switch
        {
            5 => CronFormat.Standard,
            6 => CronFormat.IncludeSeconds,
            _ => throw new FormatException($"'{text}' has {fields} fields; expected 5 (minute hour day month weekday) or 6 (seconds first)"),
        };
        try
        {
            return new CronSchedule(text, CronExpression.Parse(text, format));
        }
        catch (CronFormatException e)
        {
            throw new FormatException($"'{text}' is not a valid cron expression: {e.Message}", e);
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => expression.GetNextOccurrence(after, TimeZoneInfo.Utc);
}
