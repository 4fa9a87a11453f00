using System.Data.Common;
using System.Net.Sockets;
using DtSmdrl.Pipeline.Data.Loading;

namespace DtSmdrl.Host.Cli;

/// <summary>
/// The one place a verb's exception becomes its last line and exit code (<see cref="ExitCodes"/>): the message,
/// never a stack trace unless --verbose. Messages of the store's drivers can span lines; only the first is kept.
/// </summary>
internal static class FailureReport
{
    /// <summary>Writes the failure line (and with <paramref name="verbose"/> the stack trace); returns the exit code.</summary>
    /// <param name="error">Where to write (stderr).</param>
    /// <param name="verb">The command as typed, e.g. "dtsmdrl patients import".</param>
    /// <param name="exception">What the verb threw.</param>
    /// <param name="verbose">--verbose was given.</param>
    public static int Write(TextWriter error, string verb, Exception exception, bool verbose)
    {
        var e = Unwrap(exception);
        var (code, text) = e switch
        {
            DataValidationException invalid => (ExitCodes.BadInputFile, invalid.Error.ToString()),
            DbException or SocketException => (ExitCodes.StoreUnavailable, $"the store is unavailable ({e.GetType().Name}): {FirstLine(e.Message)}"),
            InvalidOperationException or KeyNotFoundException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException
                or UnauthorizedAccessException or ArgumentException or IOException => (ExitCodes.Failed, FirstLine(e.Message)),
            _ => (ExitCodes.InternalError, $"internal error ({e.GetType().Name}): {FirstLine(e.Message)}"),
        };
        error.WriteLine($"{verb}: {text}{(verbose || code != ExitCodes.InternalError ? "" : " (run with --verbose for the stack trace)")}");
        if (verbose) error.WriteLine(exception);
        return code;
    }

    private static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException && e.InnerException is not null)
            e = e.InnerException!;
        return e;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].TrimEnd('\r');
}
