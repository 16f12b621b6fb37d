using System.Collections.Concurrent;
using Membership.Web.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Membership.Web.Entitlements;

/// <summary>
/// Reads the facts of one or many readers in one round trip: one prepared statement, two index
/// lookups. Plain Npgsql rather than EF Core: this is the cache-miss path of every site lookup.
/// </summary>
public sealed class EntitlementFactsLoader : IAsyncDisposable
{
    // One row per reader and subscription (a reader with none still gets a row: it exists), then one per grant.
    private const string FactsSql = """
        SELECT false, r.id, s.stripe_subscription_id, s.plan_key, s.status, s.current_period_end, s.cancel_at_period_end,
               s.cancel_at, s.first_failed_payment_at, p.features, s.created_at,
               NULL::uuid, NULL::varchar, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz,
               s.collection_paused, s.pause_resumes_at
        FROM readers r
        LEFT JOIN subscriptions s ON s.reader_id = r.id
        LEFT JOIN plans p ON p.key = s.plan_key
        WHERE r.id = ANY($1)
        UNION ALL
        SELECT true, g.reader_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               g.id, g.feature, g.starts_at, g.until, g.ended_at, NULL, NULL
        FROM grants g
        WHERE g.reader_id = ANY($1)
        """;

    private const string GenericPlans = "-c plan_cache_mode=force_generic_plan";

    // Plans and features are few; sharing their strings keeps a million cached readers small.
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string[]> _featureLists = new(StringComparer.Ordinal);
    private readonly NpgsqlDataSource _dataSource;

    public EntitlementFactsLoader(IOptions<DatabaseOptions> database, IOptions<EntitlementsOptions> options)
    {
        // A pool of its own, tuned for one prepared statement and nothing else:
        // - these reads change no session state, so a connection going back to the pool can skip the
        //   reset Npgsql otherwise sends on its next use;
        // - PostgreSQL would plan "= ANY($1)" afresh on every execution (its generic plan, costed for
        //   ten ids, never looks cheaper than a custom plan for one), so the generic plan is forced.
        // - few connections: a handful kept busy cost the database less than dozens contending.
        // Together they cut a cache miss's cost by more than half.
        _dataSource = NpgsqlDataSource.Create(ReadPoolSettings(database.Value.Membership, options.Value.ReadPoolSize));
    }

    /// <summary>
    /// The operator's connection string with the read pool's own settings. Their Options (a search_path,
    /// a statement timeout) are kept: the plan setting goes in front, so an operator's own plan_cache_mode
    /// still has the last word.
    /// </summary>
    internal static NpgsqlConnectionStringBuilder ReadPoolSettings(string? connectionString, int poolSize)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = poolSize,
            NoResetOnClose = true,
            ApplicationName = "membership-entitlements",
        };
        settings.Options = string.IsNullOrWhiteSpace(settings.Options) ? GenericPlans : $"{GenericPlans} {settings.Options.Trim()}";
        settings.MinPoolSize = Math.Min(settings.MinPoolSize, settings.MaxPoolSize);
        return settings;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>Drops the idle pooled connections (after the database came back they are all dead).</summary>
    public void ClearPool() => _dataSource.Clear();

    /// <summary>The facts of every reader that exists among <paramref name="readerIds"/>; unknown ids are absent.</summary>
    public async Task<Dictionary<Guid, ReaderFacts>> LoadAsync(IReadOnlyCollection<Guid> readerIds, CancellationToken cancellationToken)
    {
        var ids = readerIds as Guid[] ?? readerIds.ToArray();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(FactsSql, connection) { Parameters = { new() { Value = ids } } };
        // A no-op once this physical connection has prepared it: parsed and planned once per connection.
        await command.PrepareAsync(cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        var subscriptions = new Dictionary<Guid, List<SubscriptionFacts>?>(ids.Length);
        Dictionary<Guid, List<GrantFacts>>? grants = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var readerId = reader.GetGuid(1);
            if (reader.GetBoolean(0))
            {
                grants ??= [];
                if (!grants.TryGetValue(readerId, out var readerGrants))
                    grants[readerId] = readerGrants = [];
                readerGrants.Add(new GrantFacts(reader.GetGuid(11), Shared(reader.GetString(12)), reader.GetFieldValue<DateTimeOffset>(13),
                    OptionalTime(reader, 14), OptionalTime(reader, 15)));
                continue;
            }
            subscriptions.TryGetValue(readerId, out var list);
            if (!reader.IsDBNull(2))
                (list ??= []).Add(ReadSubscription(reader));
            subscriptions[readerId] = list;
        }

        var facts = new Dictionary<Guid, ReaderFacts>(subscriptions.Count);
        foreach (var (readerId, subs) in subscriptions)
        {
            List<GrantFacts>? readerGrants = null;
            grants?.TryGetValue(readerId, out readerGrants);
            facts[readerId] = subs is null && readerGrants is null
                ? ReaderFacts.Nothing
                : new ReaderFacts(subs?.ToArray() ?? [], readerGrants?.ToArray() ?? []);
        }
        return facts;
    }

    /// <summary>The reader with this email, normalised the way Identity stores it; null when none.</summary>
    public async Task<Guid?> FindReaderByEmailAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT id FROM readers WHERE normalized_email = $1 LIMIT 1");
        command.Parameters.Add(new() { Value = normalizedEmail });
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    private SubscriptionFacts ReadSubscription(NpgsqlDataReader reader) => new(
        reader.GetString(2),
        reader.IsDBNull(3) ? null : Shared(reader.GetString(3)),
        Shared(reader.GetString(4)),
        OptionalTime(reader, 5),
        reader.GetBoolean(6),
        OptionalTime(reader, 7),
        OptionalTime(reader, 8),
        reader.IsDBNull(9) ? [] : SharedFeatures(reader.GetFieldValue<string[]>(9)),
        reader.GetFieldValue<DateTimeOffset>(10),
        reader.GetBoolean(16),
        OptionalTime(reader, 17));

    private static DateTimeOffset? OptionalTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private string Shared(string value) => _strings.Count < 10_000 ? _strings.GetOrAdd(value, value) : value;

    private string[] SharedFeatures(string[] features)
    {
        if (features.Length == 0)
            return [];
        var key = string.Join('\n', features);
        return _featureLists.Count < 1_000 ? _featureLists.GetOrAdd(key, _ => features.Select(Shared).ToArray()) : features;
    }
}
