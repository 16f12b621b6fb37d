using System.Net;
using Membership.Tests.Infrastructure;

namespace Membership.Tests.Accounts;

/// <summary>
/// A link to /subscribe/{plan} may come from anywhere, so following it changes nothing: the reader's open
/// checkout stays open and no session is made until the reader presses the page's button (a POST with
/// the page's antiforgery token).
/// </summary>
public sealed class SubscribeLinkTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>
{
    private async Task<(HttpClient Browser, string OpenSessionId)> ReaderWithAnOpenCheckoutAsync()
    {
        var email = $"link-{Guid.NewGuid():N}@example.test";
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        await browser.PostAsync(new Uri("/api/v1/account/register", UriKind.Relative),
            System.Net.Http.Json.JsonContent.Create(new { email, password = Readers.Password }));
        await browser.SignInAsync(email, Readers.Password);
        return (browser, (await browser.StartCheckoutAsync("adfree-monthly")).SessionId);
    }

    [Fact]
    public async Task Following_the_link_keeps_the_open_checkout_and_starts_none()
    {
        var (browser, openSessionId) = await ReaderWithAnOpenCheckoutAsync();
        var customerId = (await app.Stripe.V1.Checkout.Sessions.GetAsync(openSessionId)).CustomerId;

        var response = await browser.GetAsync(new Uri("/subscribe/adfree-yearly", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("open", (await app.Stripe.V1.Checkout.Sessions.GetAsync(openSessionId)).Status);
        var sessions = await app.Stripe.V1.Checkout.Sessions.ListAsync(new() { Customer = customerId });
        Assert.Equal([openSessionId], sessions.Data.Select(s => s.Id));
    }

    [Fact]
    public async Task A_forged_post_without_the_pages_token_is_refused_and_changes_nothing()
    {
        var (browser, openSessionId) = await ReaderWithAnOpenCheckoutAsync();

        var response = await browser.PostFormAsync("/subscribe/adfree-yearly", []);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("open", (await app.Stripe.V1.Checkout.Sessions.GetAsync(openSessionId)).Status);
    }

    [Fact]
    public async Task The_pages_button_starts_checkout_and_expires_the_older_one()
    {
        var (browser, openSessionId) = await ReaderWithAnOpenCheckoutAsync();

        var response = await browser.SubmitAsync("/subscribe/adfree-yearly", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(app.Emulator.BaseUrl.ToString(), response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("expired", (await app.Stripe.V1.Checkout.Sessions.GetAsync(openSessionId)).Status);
    }
}
