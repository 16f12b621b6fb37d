using Microsoft.Extensions.Options;

namespace Membership.Web.Data;

/// <summary>The <c>ConnectionStrings</c> section; only <c>Membership</c> is used.</summary>
public sealed class DatabaseOptions
{
    public string? Membership { get; set; }
}

public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Membership))
            return ValidateOptionsResult.Fail("ConnectionStrings__Membership must be set to a PostgreSQL connection string.");
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(options.Membership);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException)
        {
            // The message could echo the password; say only which setting is wrong.
            return ValidateOptionsResult.Fail("ConnectionStrings__Membership is not a valid PostgreSQL connection string.");
        }
    }
}
