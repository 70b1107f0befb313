using DownloadModels.Commands;

using var signals = new SignalHandler();
try
{
    return await new App(AppEnvironment.FromProcess()).RunAsync(args, signals.Token);
}
catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
{
    return signals.ExitCode;
}
catch (Exception e)
{
    return CommandGuard.Unexpected(Console.Error, e);
}
