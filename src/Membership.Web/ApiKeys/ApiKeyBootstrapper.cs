using Membership.Web.Data;
using Membership.Web.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Membership.Web.ApiKeys;

/// <summary>
/// Seeds the site key named by <c>Membership__Bootstrap__SiteApiKey</c>. Idempotent across instances:
/// the unique hash makes a second insert a no-op. A key an admin revoked stays revoked.
/// </summary>
public sealed class ApiKeyBootstrapper(
    NpgsqlDataSource dataSource, ApiKeyRing ring, IOptions<MembershipOptions> options, TimeProvider time, ILogger<ApiKeyBootstrapper> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var key = options.Value.Bootstrap.SiteApiKey;
        if (string.IsNullOrEmpty(key))
            return;
        try
        {
            await using var batch = dataSource.CreateBatch();
            var insert = new NpgsqlBatchCommand(
                "INSERT INTO api_keys (id, name, kind, prefix, hash, created_at, created_by) VALUES ($1, 'Bootstrap site key', $2, $3, $4, $5, 'bootstrap') ON CONFLICT (hash) DO NOTHING");
            insert.Parameters.Add(new() { Value = Guid.CreateVersion7() });
            insert.Parameters.Add(new() { Value = (int)ApiKeyKind.Site });
            insert.Parameters.Add(new() { Value = ApiKeySecrets.PrefixOf(key).ToString() });
            insert.Parameters.Add(new() { Value = ApiKeySecrets.Hash(key) });
            insert.Parameters.Add(new() { Value = time.GetUtcNow() });
            batch.BatchCommands.Add(insert);
            batch.BatchCommands.Add(ChangeNotifier.BatchCommand(ApiKeyRing.ChangedChannel, ""));
            await batch.ExecuteNonQueryAsync(cancellationToken);
            await ring.LoadAsync(cancellationToken);
            logger.LogInformation("Bootstrap site API key is ready");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogWarning("Could not seed the bootstrap site API key: {Error}", e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>An operator-chosen key must be long enough to be a secret and fit in a header.</summary>
public sealed class BootstrapApiKeyValidator : IValidateOptions<MembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        var key = options.Bootstrap.SiteApiKey;
        if (string.IsNullOrEmpty(key))
            return ValidateOptionsResult.Success;
        if (key.Length < ApiKeySecrets.MinimumLength || key.Length > 200 || key.Any(c => c <= ' ' || c > '~'))
            return ValidateOptionsResult.Fail(
                $"Membership__Bootstrap__SiteApiKey must be {ApiKeySecrets.MinimumLength} to 200 printable ASCII characters without spaces.");
        return ValidateOptionsResult.Success;
    }
}
