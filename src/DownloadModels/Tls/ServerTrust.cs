using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DownloadModels.Tls;

/// <summary>
/// Verifies servers against a <see cref="CaStore"/> only, with an <see cref="X509ChainPolicy"/> in
/// <see cref="X509ChainTrustMode.CustomRootTrust"/>: never the runtime's per-user stores under ~/.dotnet (see
/// <see cref="Settings.HomeFolder.ProvideForRuntime"/>), never OpenSSL's compiled-in Debian paths. The store
/// is read on the first TLS handshake, not before: runs that never use TLS (offline, an http mirror) do not
/// pay for parsing ~150 certificates. Host names are checked by SslStream itself; nothing turns checks off.
/// </summary>
internal sealed class ServerTrust
{
    /// <summary>id-kp-serverAuth: the chain must allow TLS server use, as the runtime's default check demands.</summary>
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    private readonly Lazy<CaStore> _store;

    private ServerTrust(Func<CaStore> load) => _store = new(load);

    public static void Apply(SocketsHttpHandler handler, Func<CaStore> load)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(load);
        var trust = new ServerTrust(load);
        // SslStream always builds a chain before asking the callback; an empty custom root store keeps that
        // first pass cheap (no system store is loaded) and certain to report chain errors, which the callback
        // then settles against the real store.
        handler.SslOptions.CertificateChainPolicy = Policy([]);
        handler.SslOptions.RemoteCertificateValidationCallback = trust.Validate;
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        // A wrong host name or no certificate fails whatever the store says.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            return false;

        var store = _store.Value;
        if (store.Problem is { } problem)
            throw new CertificateStoreException(problem);

        using var own = new X509Chain { ChainPolicy = Policy(store.Certificates) };
        // The intermediates the server sent: SslStream put them in its chain's extra store.
        if (chain is not null)
            own.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        try
        {
            return own.Build(leaf);
        }
        finally
        {
            foreach (var element in own.ChainElements)
            {
                if (!ReferenceEquals(element.Certificate, leaf))
                    element.Certificate.Dispose();
            }

            if (!ReferenceEquals(leaf, certificate))
                leaf.Dispose();
        }
    }

    private static X509ChainPolicy Policy(X509Certificate2Collection roots)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            // The runtime's own default for TLS clients; an online check would stall behind firewalls.
            RevocationMode = X509RevocationMode.NoCheck,
            // A TLS check makes no requests of its own: servers send their intermediates.
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.AddRange(roots);
        policy.ApplicationPolicy.Add(new Oid(ServerAuthentication));
        return policy;
    }
}
