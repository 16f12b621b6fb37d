using Microsoft.Extensions.Options;
using Npgsql;

namespace Membership.Web.Data;

/// <summary>
/// The <c>Database</c> section: how many PostgreSQL connections one instance may hold in its main pool.
/// An instance holds at most <c>MaxPoolSize</c> + <c>Entitlements__ReadPoolSize</c> + 1 (the change
/// listener's own session); README, "Connection budget", adds it up for N instances.
/// </summary>
public sealed class ConnectionBudget
{
    public const string Section = "Database";
    public const int DefaultMaxPoolSize = 30;

    /// <summary>The main pool's size; unset: the connection string's <c>Maximum Pool Size</c> if it names one, else 30.</summary>
    public int? MaxPoolSize { get; set; }

    /// <summary>Applies the budget to the main pool's connection string.</summary>
    public void ApplyTo(NpgsqlConnectionStringBuilder settings, string connectionString)
    {
        if (MaxPoolSize is { } size)
            settings.MaxPoolSize = size;
        else if (!NamesMaxPoolSize(connectionString))
            settings.MaxPoolSize = DefaultMaxPoolSize;
        settings.MinPoolSize = Math.Min(settings.MinPoolSize, settings.MaxPoolSize);
    }

    private static bool NamesMaxPoolSize(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return given.Keys.Cast<string>().Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase)
            || key.Replace(" ", "", StringComparison.Ordinal).Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase));
    }
}

public sealed class ConnectionBudgetValidator : IValidateOptions<ConnectionBudget>
{
    public ValidateOptionsResult Validate(string? name, ConnectionBudget options) =>
        options.MaxPoolSize is < 2 or > 1000
            ? ValidateOptionsResult.Fail($"Database__MaxPoolSize must be between 2 and 1000 (got {options.MaxPoolSize}).")
            : ValidateOptionsResult.Success;
}
