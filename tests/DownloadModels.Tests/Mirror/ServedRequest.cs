namespace DownloadModels.Tests.Mirror;

/// <summary>One request the static file server answered.</summary>
internal sealed record ServedRequest(string Method, string PathAndQuery, string Range, int Status);
