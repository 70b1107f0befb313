namespace DownloadModels.Tests.FakeHub;

/// <summary>Which listener of the fake a request arrived on; <see cref="Any"/> only scopes faults.</summary>
public enum FakeHost
{
    Any,
    Api,
    Cdn,
}
