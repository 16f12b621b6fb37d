using Membership.Tests.Infrastructure;
using Membership.Web.Entitlements;
using Npgsql;

namespace Membership.Tests.Entitlements;

/// <summary>The entitlement read pool adds its own settings to the operator's connection string and takes none away.</summary>
public sealed class ReadPoolSettingsTests
{
    [Fact]
    public void The_operators_options_are_kept_beside_the_pools_own()
    {
        var settings = EntitlementFactsLoader.ReadPoolSettings(
            "Host=db.internal;Database=membership;Username=app;Options=-c search_path=membership,public -c statement_timeout=5000", poolSize: 8);

        Assert.Equal("-c plan_cache_mode=force_generic_plan -c search_path=membership,public -c statement_timeout=5000", settings.Options);
        Assert.Equal("db.internal", settings.Host);
        Assert.Equal("membership", settings.Database);
        Assert.Equal(8, settings.MaxPoolSize);
        Assert.True(settings.NoResetOnClose);
    }

    [Fact]
    public void Without_options_of_the_operators_the_pool_has_its_own()
    {
        var settings = EntitlementFactsLoader.ReadPoolSettings("Host=db.internal;Database=membership;Username=app", poolSize: 8);

        Assert.Equal("-c plan_cache_mode=force_generic_plan", settings.Options);
    }

    [Fact]
    public void A_minimum_pool_larger_than_the_read_pool_is_brought_down_to_it()
    {
        var settings = EntitlementFactsLoader.ReadPoolSettings("Host=db.internal;Minimum Pool Size=20", poolSize: 8);

        Assert.Equal(8, settings.MinPoolSize);
    }

    [Fact]
    public async Task PostgreSQL_applies_both_the_operators_options_and_the_pools()
    {
        var operators = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString) { Options = "-c statement_timeout=4321", Pooling = false };
        var settings = EntitlementFactsLoader.ReadPoolSettings(operators.ConnectionString, poolSize: 1);
        settings.Pooling = false;

        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync();

        Assert.Equal("4321ms", await ShowAsync(connection, "statement_timeout"));
        Assert.Equal("force_generic_plan", await ShowAsync(connection, "plan_cache_mode"));
    }

    private static async Task<string?> ShowAsync(NpgsqlConnection connection, string setting)
    {
        await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}
