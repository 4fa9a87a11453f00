using DtSmdrl.Host.Cli;

// The `dtsmdrl` command: each verb builds a .NET Generic Host with validated options and runs; every failure
// ends with one line and an exit code of ExitCodes.
return await CommandLineApp.RunAsync(args);
