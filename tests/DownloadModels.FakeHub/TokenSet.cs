using System.Collections.Concurrent;

namespace DownloadModels.Tests.FakeHub;

/// <summary>A thread-safe set of bearer tokens; tests may change it while requests are in flight.</summary>
public sealed class TokenSet
{
    private readonly ConcurrentDictionary<string, byte> _tokens = new(StringComparer.Ordinal);

    public TokenSet Add(string token)
    {
        _tokens[token] = 0;
        return this;
    }

    public bool Remove(string token) => _tokens.TryRemove(token, out _);

    public bool Contains(string? token) => token is not null && _tokens.ContainsKey(token);

    public IReadOnlyCollection<string> ToList() => [.. _tokens.Keys];
}
