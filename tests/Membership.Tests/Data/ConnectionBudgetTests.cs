using Membership.Web.Data;
using Npgsql;

namespace Membership.Tests.Data;

public sealed class ConnectionBudgetTests
{
    [Theory]
    [InlineData("Host=db;Database=m", null, 30)]
    [InlineData("Host=db;Database=m;Maximum Pool Size=20", null, 20)]
    [InlineData("Host=db;Database=m;MaxPoolSize=12", null, 12)]
    [InlineData("Host=db;Database=m;Maximum Pool Size=20", 50, 50)]
    [InlineData("Host=db;Database=m", 10, 10)]
    public void The_main_pool_is_the_setting_else_the_connection_strings_own_else_30(string connectionString, int? setting, int expected)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);

        new ConnectionBudget { MaxPoolSize = setting }.ApplyTo(settings, connectionString);

        Assert.Equal(expected, settings.MaxPoolSize);
    }

    [Fact]
    public void A_minimum_above_the_budget_is_lowered_to_it()
    {
        const string connectionString = "Host=db;Minimum Pool Size=40";
        var settings = new NpgsqlConnectionStringBuilder(connectionString);

        new ConnectionBudget().ApplyTo(settings, connectionString);

        Assert.Equal(30, settings.MinPoolSize);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(1001, false)]
    public void The_setting_is_checked_at_start(int size, bool valid)
    {
        Assert.Equal(valid, new ConnectionBudgetValidator().Validate(null, new ConnectionBudget { MaxPoolSize = size }).Succeeded);
    }
}
