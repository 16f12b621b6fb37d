using System.Net;
using AngleSharp.Html.Dom;
using Membership.Tests.Accounts;
using Membership.Tests.Infrastructure;
using Membership.Web.Rights;
using Stripe;

namespace Membership.Tests.Rights;

/// <summary>The service with a retention offer turned on: 20% off the next 3 monthly payments.</summary>
public sealed class SaveOfferApp : StripeBackedApp, IAsyncLifetime
{
    public MailFolder Mail { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings)
        {
            ["Smtp:PickupDirectory"] = Mail.Path,
            ["Membership:Legal:SaveOfferPercentOff"] = "20",
            ["Membership:Legal:SaveOfferMonths"] = "3",
        };

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Mail.Dispose();
    }
}

/// <summary>
/// The retention offer in the signed-out cancel flow: shown only beside "Cancel anyway" (one click), taken once,
/// and billed by Stripe (the emulator) as a repeating coupon on the next renewals.
/// </summary>
public sealed class SaveOfferTests(SaveOfferApp app) : IClassFixture<SaveOfferApp>
{
    [Fact]
    public async Task Taking_the_offer_keeps_the_membership_and_the_next_renewal_is_discounted_once_offered()
    {
        var clocked = await app.ClockedSubscriptionAsync(DateTimeOffset.UtcNow.AddDays(-10));
        var visitor = app.CreateClient();
        var link = await CancelLinkAsync(visitor, clocked.Reader);

        var page = await visitor.GetPageAsync(link);
        var form = Assert.IsAssignableFrom<IHtmlFormElement>(page.QuerySelector("main form[method=post]"));
        var buttons = form.QuerySelectorAll("button").Select(b => b.TextContent.Trim()).ToList();
        Assert.Equal(["Cancel anyway", "Stay with 20% off"], buttons);

        var stayed = await PressAsync(visitor, link, "Stay with 20% off");
        Assert.Equal(HttpStatusCode.OK, stayed.StatusCode);
        Assert.Contains("20% off", (await stayed.ReadPageAsync()).QuerySelector("[role=status]")?.TextContent, StringComparison.Ordinal);
        var inStripe = await app.Stripe.V1.Subscriptions.GetAsync(clocked.SubscriptionId, new SubscriptionGetOptions { Expand = ["discounts"] });
        Assert.False(inStripe.CancelAtPeriodEnd);
        var coupon = Assert.Single(inStripe.Discounts).Source.Coupon;
        Assert.Equal(20m, coupon.PercentOff);
        Assert.Equal("repeating", coupon.Duration);
        Assert.Equal(3L, coupon.DurationInMonths);
        Assert.True(inStripe.Metadata.ContainsKey(SaveOffers.AcceptedAtMetadata));

        // Asked again, the offer is not made a second time: the plain cancel button is all there is.
        var again = await visitor.GetPageAsync(await CancelLinkAsync(visitor, clocked.Reader));
        Assert.Equal(["Cancel membership"], again.QuerySelectorAll("main form[method=post] button").Select(b => b.TextContent.Trim()));

        var fullPrice = inStripe.Items.Data[0].Price.UnitAmount!.Value;
        await app.AdvanceAsync(clocked, (await app.PeriodEndAsync(clocked)).AddHours(2));
        var invoices = await app.Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = clocked.SubscriptionId });
        var renewal = invoices.Data.Single(i => i.BillingReason == "subscription_cycle");
        Assert.Equal(fullPrice - fullPrice * 20 / 100, renewal.AmountPaid);
        Assert.Equal("active", (await app.Stripe.V1.Subscriptions.GetAsync(clocked.SubscriptionId)).Status);
    }

    [Fact]
    public async Task Cancel_anyway_cancels_at_period_end_with_one_click_and_no_discount()
    {
        var (reader, _, subscriptionId) = await app.SubscribedReaderAsync();
        var visitor = app.CreateClient();
        var link = await CancelLinkAsync(visitor, reader);

        var cancelled = await PressAsync(visitor, link, "Cancel anyway");

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Contains("Your membership is cancelled", (await cancelled.ReadPageAsync()).Body!.TextContent, StringComparison.Ordinal);
        var inStripe = await app.Stripe.V1.Subscriptions.GetAsync(subscriptionId);
        Assert.True(inStripe.CancelAtPeriodEnd);
        Assert.Empty(inStripe.Discounts ?? []);
    }

    [Fact]
    public async Task A_yearly_member_is_offered_nothing()
    {
        var (reader, _, _) = await app.SubscribedReaderAsync("adfree-yearly");
        var visitor = app.CreateClient();

        var page = await visitor.GetPageAsync(await CancelLinkAsync(visitor, reader));

        Assert.Equal(["Cancel membership"], page.QuerySelectorAll("main form[method=post] button").Select(b => b.TextContent.Trim()));
    }

    private async Task<string> CancelLinkAsync(HttpClient visitor, HttpClient reader)
    {
        var email = (await reader.MeAsync()).Email!;
        var before = (await app.Mail.AllAsync()).Count;
        (await visitor.SubmitAsync("/cancel", new Dictionary<string, string> { ["Input.Email"] = email })).EnsureSuccessStatusCode();
        await Eventually.UntilAsync(async () => (await app.Mail.AllAsync()).Skip(before).Any(m => m.To.Mailboxes.Any(a => a.Address == email)), "the cancel link");
        var mail = (await app.Mail.AllAsync()).Skip(before).Last(m => m.To.Mailboxes.Any(a => a.Address == email));
        return new Uri(MailFolder.Link(mail, "/cancel/confirm")).PathAndQuery;
    }

    /// <summary>Submits the confirmation form with the named button, as a browser does (the button's formaction wins).</summary>
    private static async Task<HttpResponseMessage> PressAsync(HttpClient visitor, string link, string buttonText)
    {
        var page = await visitor.GetPageAsync(link);
        var form = (IHtmlFormElement)page.QuerySelector("main form[method=post]")!;
        var button = form.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == buttonText);
        var values = form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>().Select(i => new KeyValuePair<string, string>(i.Name!, i.Value));
        var action = button.GetAttribute("formaction") is { Length: > 0 } formAction ? formAction : link;
        return await visitor.PostFormAsync(action, values);
    }
}
