namespace DownloadModels.Contract;

/// <summary>Invalid usage found after parsing (a bad argument or combination); the message is the one line the user sees (exit 1).</summary>
internal sealed class UsageException(string message) : CommandException(message, ExitCodes.Usage, null, ErrorKind.Usage);
