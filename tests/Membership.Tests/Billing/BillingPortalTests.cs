using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Membership.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Membership.Tests.Billing;

/// <summary>The billing portal: opened for the signed-in reader, and what the reader does there reaches the service.</summary>
public sealed class BillingPortalTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>
{
    [Fact]
    public async Task Manage_billing_sends_the_reader_to_a_portal_session_of_their_own_customer()
    {
        var (reader, _, subscriptionId) = await app.SubscribedReaderAsync();
        // The same reader in a browser that stops at the redirect (the test server cannot follow it to Stripe).
        var browserTab = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await browserTab.SignInAsync((await reader.MeAsync()).Email!, Readers.Password);

        var page = await browserTab.GetAsync(new Uri("/account/billing", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        var portal = page.Headers.Location!;
        Assert.StartsWith(app.Emulator.BaseUrl.GetLeftPart(UriPartial.Authority), portal.ToString(), StringComparison.Ordinal);
        using var browser = new HttpClient();
        // The portal shows this reader's subscription, to be managed there.
        Assert.Contains(subscriptionId, await browser.GetStringAsync(portal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancellation_made_in_the_portal_keeps_access_to_the_period_end_and_a_renewal_there_undoes_it()
    {
        var (reader, readerId, subscriptionId) = await app.SubscribedReaderAsync();
        var paidUntil = (await reader.MeAsync()).Entitlement.ValidUntil;
        var opened = await reader.PostAsync("/api/v1/me/portal", null);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var url = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;

        await SubmitAsync(url, "cancel", subscriptionId);
        await app.SettleAsync();

        var cancelling = (await reader.MeAsync()).Entitlement;
        Assert.True(cancelling.AdFree);
        Assert.Equal(paidUntil, cancelling.ValidUntil);
        Assert.True((await app.SubscriptionsOfAsync(readerId)).Single() is { CancelAtPeriodEnd: true } or { CancelAt: not null });
        Assert.Contains("Ends on", await reader.GetStringAsync(new Uri("/account", UriKind.Relative)), StringComparison.Ordinal);

        await SubmitAsync(url, "resume", subscriptionId);
        await app.SettleAsync();

        Assert.True((await app.SubscriptionsOfAsync(readerId)).Single() is { CancelAtPeriodEnd: false, CancelAt: null });
    }

    /// <summary>Posts one of the portal page's forms as a browser would.</summary>
    private static async Task SubmitAsync(string portalUrl, string action, string subscriptionId)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var html = await browser.GetStringAsync(portalUrl);
        Assert.Matches(ActionField(action), html);
        var response = await browser.PostAsync(portalUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["action"] = action,
            ["subscription"] = subscriptionId,
        }));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }

    private static Regex ActionField(string action) => new($"name=\"action\" value=\"{action}\"");
}
