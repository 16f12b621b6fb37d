using Membership.Web.Billing;
using Membership.Web.Data;
using Membership.Web.Hosting;

return await ConfigurationErrors.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddHosting();
    builder.AddMembershipDatabase();
    builder.AddBilling();

    var app = builder.Build();
    if (args.Contains("migrate"))
    {
        await app.MigrateDatabaseAsync();
        return;
    }

    app.UseHosting();
    app.MapHosting();
    app.MapBilling();
    await app.RunAsync();
});

public partial class Program;
