using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Membership.Web.Data;

public static class DataExtensions
{
    public static IHostApplicationBuilder AddMembershipDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration("ConnectionStrings").ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        builder.Services.AddOptions<ConnectionBudget>().BindConfiguration(ConnectionBudget.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ConnectionBudget>, ConnectionBudgetValidator>();

        // One data source per process: it owns the connection pool and is shared by every DbContext.
        builder.Services.AddSingleton(sp =>
        {
            var connectionString = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Membership
                ?? throw new InvalidOperationException("ConnectionStrings__Membership is not set.");
            var source = new NpgsqlDataSourceBuilder(connectionString);
            sp.GetRequiredService<IOptions<ConnectionBudget>>().Value.ApplyTo(source.ConnectionStringBuilder, connectionString);
            return source.Build();
        });
        builder.Services.AddDbContext<MembershipDbContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>())
            .UseSnakeCaseNamingConvention());
        builder.Services.AddScoped<DatabaseMigrator>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        // ReadinessLog says it once per change; the health check service would log every failed probe as an error.
        builder.Services.AddSingleton<ReadinessLog>();
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);
        return builder;
    }
}

public static class MigrationCommand
{
    /// <summary><c>Membership.Web migrate</c>: apply migrations and exit (used by <c>build.sh migrate</c>).</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }
}
