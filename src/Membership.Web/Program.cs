using Membership.Web.Data;
using Membership.Web.Hosting;

return await ConfigurationErrors.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddHosting();
    builder.AddMembershipDatabase();

    var app = builder.Build();
    if (args.Contains("migrate"))
    {
        await app.MigrateDatabaseAsync();
        return;
    }

    app.UseHosting();
    app.MapHosting();
    await app.RunAsync();
});

public partial class Program;
