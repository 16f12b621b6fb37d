using System.Net;
using Membership.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Accounts;

/// <summary>A password change ends the reader's other sessions (checked at once here; within a minute in production).</summary>
public sealed class OtherSessionsTests(OtherSessionsTests.App app) : IClassFixture<OtherSessionsTests.App>
{
    public sealed class App : AccountsApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
        }
    }

    [Fact]
    public async Task Changing_the_password_signs_out_the_other_browser_but_not_this_one()
    {
        var email = await app.RegisterAsync();
        var laptop = await app.SignedInBrowserAsync(email);
        var phone = await app.SignedInBrowserAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync(new Uri("/api/v1/me", UriKind.Relative))).StatusCode);

        var changed = await laptop.SubmitAsync("/account/password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = Readers.Password,
            ["Input.NewPassword"] = "Another-Horse-77",
            ["Input.ConfirmPassword"] = "Another-Horse-77",
        });

        Assert.True((int)changed.StatusCode is >= 200 and < 400, $"The change answered {(int)changed.StatusCode}.");
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync(new Uri("/api/v1/me", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync(new Uri("/api/v1/me", UriKind.Relative))).StatusCode);
    }
}
