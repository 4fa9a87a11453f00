using DtSmdrl.Host.Cli;

// The `dtsmdrl` command: each verb builds a .NET Generic Host with validated options and runs.
return await CommandLineApp.Build().Parse(args).InvokeAsync();
