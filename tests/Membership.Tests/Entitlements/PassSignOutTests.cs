using Membership.Web.Entitlements;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Entitlements;

public sealed class PassSignOutTests(PassSignOutTests.App app) : IClassFixture<PassSignOutTests.App>
{
    /// <summary>
    /// Signs out through Identity's application cookie scheme, as any sign-out page does (the
    /// account pages are another feature; this stands in for them).
    /// </summary>
    public sealed class App : SiteApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, SignOutEndpoint>());
        }

        private sealed class SignOutEndpoint : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Map("/test/sign-out", branch => branch.Run(context => context.SignOutAsync(IdentityConstants.ApplicationScheme)));
                next(app);
            };
        }
    }

    [Fact]
    public async Task Signing_out_removes_the_pass()
    {
        var (reader, _, _) = await app.NewReaderAsync();
        using (var token = await reader.GetAsync(new Uri("/api/v1/me/entitlement-token", UriKind.Relative)))
            token.EnsureSuccessStatusCode();

        using var signOut = await reader.PostAsync(new Uri("/test/sign-out", UriKind.Relative), null);

        var removed = signOut.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AdFreePass.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("expires=Thu, 01 Jan 1970", removed, StringComparison.OrdinalIgnoreCase);
    }
}
