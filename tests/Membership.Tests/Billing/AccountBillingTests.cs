using System.Net;
using System.Net.Http.Json;
using Membership.Tests.Accounts;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;

namespace Membership.Tests.Billing;

/// <summary>What a member sees of their billing: invoices (JSON and page), price, next charge, card, and the switch with its preview.</summary>
public sealed class AccountBillingTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>
{
    [Fact]
    public async Task Invoices_are_the_readers_own_with_stripes_hosted_links()
    {
        var (reader, _, subscriptionId) = await app.SubscribedReaderAsync();
        var newcomer = await app.RegisterAndSignInAsync();

        var invoices = (await reader.GetFromJsonAsync<ReaderInvoicesResponse>("/api/v1/me/invoices"))!.Items;
        var none = (await newcomer.GetFromJsonAsync<ReaderInvoicesResponse>("/api/v1/me/invoices"))!.Items;
        var signedOut = await app.CreateClient().GetAsync(new Uri("/api/v1/me/invoices", UriKind.Relative));

        var invoice = Assert.Single(invoices);
        var inStripe = await app.Stripe.V1.Invoices.GetAsync(invoice.Id);
        Assert.Equal(subscriptionId, inStripe.Parent.SubscriptionDetails.SubscriptionId);
        Assert.Equal((500L, "usd", "paid"), (invoice.Amount, invoice.Currency, invoice.Status));
        Assert.False(string.IsNullOrEmpty(invoice.Number));
        Assert.Equal(inStripe.HostedInvoiceUrl, invoice.HostedInvoiceUrl);
        Assert.NotNull(invoice.HostedInvoiceUrl);
        Assert.Empty(none);
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
    }

    [Fact]
    public async Task The_account_page_shows_price_next_charge_card_and_invoices_and_previews_a_switch_before_making_it()
    {
        var (reader, readerId, _) = await app.SubscribedReaderAsync();

        var page = await reader.GetStringAsync(new Uri("/account", UriKind.Relative));
        Assert.Contains("5.00 USD / month", page, StringComparison.Ordinal);
        Assert.Contains("Next charge", page, StringComparison.Ordinal);
        Assert.Contains("Visa ending in 4242", page, StringComparison.Ordinal);
        Assert.Contains("Renews on", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Until ", page, StringComparison.Ordinal);
        Assert.Contains("Invoices", page, StringComparison.Ordinal);
        Assert.Contains("Switch to yearly", page, StringComparison.Ordinal);

        var previewed = await reader.SubmitAsync("/account", new Dictionary<string, string>(), "form[action*='handler=PreviewSwitch']");
        var preview = await previewed.ReadPageAsync();
        Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
        Assert.Contains("Confirm your switch", preview.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("USD", preview.QuerySelector(".switch-preview")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("adfree-monthly", (await app.SubscriptionsOfAsync(readerId)).Single().PlanKey);

        var confirm = (preview.QuerySelector("form[action*='handler=Switch']") as AngleSharp.Html.Dom.IHtmlFormElement)!;
        var token = preview.QuerySelector("form[action*='handler=Switch'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var made = await reader.PostFormAsync(confirm.GetAttribute("action")!, new Dictionary<string, string>
        {
            ["planKey"] = "adfree-yearly",
            ["__RequestVerificationToken"] = token,
        });
        await app.SettleAsync();

        Assert.Equal(HttpStatusCode.OK, made.StatusCode); // redirected back to the account page
        Assert.StartsWith("Switched", (await made.ReadPageAsync()).Flash(), StringComparison.Ordinal);
        Assert.Equal("adfree-yearly", (await app.SubscriptionsOfAsync(readerId)).Single().PlanKey);
        var after = await reader.GetStringAsync(new Uri("/account", UriKind.Relative));
        Assert.Contains("50.00 USD / year", after, StringComparison.Ordinal);
        Assert.Contains("Switch to monthly", after, StringComparison.Ordinal);
    }
}
