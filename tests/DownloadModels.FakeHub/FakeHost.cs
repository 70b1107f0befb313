namespace DownloadModels.Tests.FakeHub;

/// <summary>Which listener of the fake a request arrived on; <see cref="Any"/> only scopes faults.</summary>
public enum FakeHost
{
    Any,
    Api,
    Cdn,

    /// <summary>The Xet CAS: <c>/v1|v2/reconstructions/{hash}</c> (see <see cref="Xet.FakeCas"/>).</summary>
    Cas,

    /// <summary>Where signed xorb URLs point (the Xet transfer CDN): xorb bytes, only the signed ranges.</summary>
    Transfer,
}
