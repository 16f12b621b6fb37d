using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Membership.Migrations;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the web app or a database.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MembershipDbContext>
{
    public MembershipDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<MembershipDbContext>()
        .UseNpgsql("Host=localhost;Database=design_time", npgsql => npgsql.MigrationsAssembly("Membership.Migrations"))
        .UseSnakeCaseNamingConvention()
        .Options);
}
