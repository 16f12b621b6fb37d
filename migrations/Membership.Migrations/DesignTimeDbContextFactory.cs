using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Membership.Migrations;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without starting the web app or a database.
/// At design time the migrations assembly is this project's (so dotnet ef writes here); the service
/// itself uses the copy compiled into Membership.Web, EF Core's default.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MembershipDbContext>
{
    public MembershipDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<MembershipDbContext>()
        .UseNpgsql("Host=localhost;Database=design_time",
            npgsql => npgsql.MigrationsAssembly(typeof(DesignTimeDbContextFactory).Assembly.GetName().Name))
        .UseSnakeCaseNamingConvention()
        .Options);
}
