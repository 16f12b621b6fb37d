using System.Collections.Frozen;
using System.Security.Cryptography;
using Membership.Web.Data;
using Npgsql;

namespace Membership.Web.ApiKeys;

/// <summary>
/// Every live key in memory, so checking a key costs a hash and a dictionary read, never a query.
/// Keys are few; any change (create, revoke) reloads them all on every instance via NOTIFY.
/// </summary>
public sealed class ApiKeyRing(NpgsqlDataSource dataSource) : IChangeSubscriber, IDisposable
{
    public const string ChangedChannel = "api_key_changed";

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot? _snapshot;

    public string Channel => ChangedChannel;

    /// <summary>Announces a change of the api_keys table; delivered to every instance on commit.</summary>
    public static Task NotifyAsync(MembershipDbContext db, CancellationToken cancellationToken) =>
        ChangeNotifier.NotifyAsync(db, ChangedChannel, "", cancellationToken);

    /// <summary>Whether a presented bearer token starts like one of our keys (cheap: no hashing).</summary>
    public bool HasPrefix(ReadOnlySpan<char> presented) => _snapshot is { } snapshot && snapshot.HasPrefix(presented);

    public async ValueTask<KnownApiKey?> FindAsync(ReadOnlyMemory<char> presented, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot ?? await LoadAsync(cancellationToken);
        return snapshot.Find(presented.Span);
    }

    /// <summary>Reads every live key. Loads are serialised, so the last one to finish saw the latest commit.</summary>
    public async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            var keys = new List<KnownApiKey>();
            await using var command = dataSource.CreateCommand("SELECT id, name, kind, prefix, hash FROM api_keys WHERE revoked_at IS NULL");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                keys.Add(new KnownApiKey(reader.GetGuid(0), reader.GetString(1), (ApiKeyKind)reader.GetInt32(2), reader.GetString(3), (byte[])reader[4]));
            var snapshot = new Snapshot(keys);
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }

    public async ValueTask OnChangedAsync(string payload, CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async ValueTask OnResyncAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public void Dispose() => _loading.Dispose();

    public sealed class Snapshot
    {
        private readonly FrozenDictionary<string, KnownApiKey[]>.AlternateLookup<ReadOnlySpan<char>> _byPrefix;

        // Prefix lengths in use (one, unless the rule for prefixes ever changes): a key is found by its stored prefix.
        private readonly int[] _prefixLengths;

        public Snapshot(IReadOnlyCollection<KnownApiKey> keys)
        {
            var byPrefix = keys.GroupBy(k => k.Prefix, StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
            _byPrefix = byPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
            _prefixLengths = keys.Select(k => k.Prefix.Length).Distinct().ToArray();
        }

        public bool HasPrefix(ReadOnlySpan<char> presented)
        {
            foreach (var length in _prefixLengths)
            {
                if (presented.Length > length && _byPrefix.ContainsKey(presented[..length]))
                    return true;
            }
            return false;
        }

        public KnownApiKey? Find(ReadOnlySpan<char> presented)
        {
            if (presented.Length < ApiKeySecrets.MinimumLength || !HasPrefix(presented))
                return null;
            Span<byte> hash = stackalloc byte[32];
            ApiKeySecrets.Hash(presented, hash);
            KnownApiKey? match = null;
            foreach (var length in _prefixLengths)
            {
                if (presented.Length <= length || !_byPrefix.TryGetValue(presented[..length], out var candidates))
                    continue;
                // Constant time: every candidate is compared in full, whichever matches.
                foreach (var candidate in candidates)
                {
                    if (CryptographicOperations.FixedTimeEquals(candidate.Hash, hash))
                        match = candidate;
                }
            }
            return match;
        }
    }
}
