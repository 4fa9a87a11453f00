using DtSmdrl.Host.Cli;

namespace DtSmdrl.Host.Tests;

/// <summary>Runs a `dtsmdrl` command line in process, as Program.cs does, and captures what it printed (stdout and stderr together).</summary>
internal static class CliInvoker
{
    public static (int Code, string Output) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var (savedOut, savedError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(output);
        try
        {
            return (CommandLineApp.RunAsync(args).GetAwaiter().GetResult(), output.ToString());
        }
        finally
        {
            Console.SetOut(savedOut);
            Console.SetError(savedError);
        }
    }
}
