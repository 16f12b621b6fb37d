using Stripe.Checkout;

namespace Membership.StripeEmulator.Tests.Contract;

/// <summary>Checkout and billing portal sessions as the service creates and reads them.</summary>
public sealed class CheckoutContractTests : IAsyncLifetime
{
    private Emulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await Emulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task A_checkout_session_is_created_and_read_back_as_the_service_asks_for_it()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();
        var metadata = new Dictionary<string, string> { ["reader_id"] = "r-7", ["plan_key"] = "adfree-monthly" };

        var created = await _emulator.Stripe.V1.Checkout.Sessions.CreateAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            Customer = customer.Id,
            ClientReferenceId = "r-7",
            Metadata = metadata,
            LineItems = [new SessionLineItemOptions { Price = price.Id, Quantity = 1 }],
            SubscriptionData = new SessionSubscriptionDataOptions { Metadata = metadata, TrialPeriodDays = 14 },
            AllowPromotionCodes = true,
            SuccessUrl = "http://127.0.0.1:5080/subscribe/success?session_id={CHECKOUT_SESSION_ID}",
            CancelUrl = "http://127.0.0.1:5080/",
        });
        var read = await _emulator.Stripe.V1.Checkout.Sessions.GetAsync(created.Id);

        Assert.StartsWith("cs_test_", created.Id, StringComparison.Ordinal);
        Assert.StartsWith(_emulator.Server.BaseUrl.ToString(), created.Url, StringComparison.Ordinal);
        Assert.Equal("open", read.Status);
        Assert.Equal("unpaid", read.PaymentStatus);
        Assert.Equal("subscription", read.Mode);
        Assert.Equal(customer.Id, read.CustomerId);
        Assert.Equal("r-7", read.ClientReferenceId);
        Assert.Equal("adfree-monthly", read.Metadata["plan_key"]);
        Assert.True(read.AllowPromotionCodes);
        Assert.Null(read.SubscriptionId);
        StripeShape.AssertMatchesFixture("checkout.session", StripeShape.Raw(read));
    }

    [Fact]
    public async Task An_expired_session_cannot_be_paid_and_says_so()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var session = await _emulator.Stripe.V1.Checkout.Sessions.CreateAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            CustomerEmail = "new@example.test",
            LineItems = [new SessionLineItemOptions { Price = price.Id, Quantity = 1 }],
            SuccessUrl = "http://127.0.0.1:5080/ok",
        });

        var expired = await _emulator.Stripe.V1.Checkout.Sessions.ExpireAsync(session.Id);
        var again = await Assert.ThrowsAsync<StripeException>(() => _emulator.Stripe.V1.Checkout.Sessions.ExpireAsync(session.Id));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["card_number"] = "4242424242424242" });
        var pay = await _emulator.Http.PostAsync(session.Url, form);

        Assert.Equal("expired", expired.Status);
        Assert.Null(expired.Url);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, again.HttpStatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, pay.StatusCode);
        Assert.Contains("expired", await pay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["checkout.session.expired"], _emulator.Server.EventTypesFor(session.Id));
    }

    [Fact]
    public async Task A_customers_open_sessions_are_listed_across_pages_without_the_others()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();
        var someoneElse = await _emulator.Stripe.CustomerAsync();
        var open = new List<string>();
        for (var i = 0; i < 3; i++)
            open.Add((await CreateSessionAsync(price.Id, customer.Id)).Id);
        var expired = await CreateSessionAsync(price.Id, customer.Id);
        await _emulator.Stripe.V1.Checkout.Sessions.ExpireAsync(expired.Id);
        await CreateSessionAsync(price.Id, someoneElse.Id);
        // A page smaller than the list, so Stripe.net has to follow starting_after.
        var options = new SessionListOptions { Customer = customer.Id, Status = "open", Limit = 2 };

        var listed = new List<Session>();
        await foreach (var session in _emulator.Stripe.V1.Checkout.Sessions.ListAutoPagingAsync(options))
            listed.Add(session);
        var firstPage = await _emulator.Stripe.V1.Checkout.Sessions.ListAsync(options);

        Assert.Equal(Enumerable.Reverse(open), listed.Select(s => s.Id));
        Assert.All(listed, s => Assert.Equal(("open", customer.Id), (s.Status, s.CustomerId)));
        Assert.True(firstPage.HasMore);
        StripeShape.AssertMatchesFixture("checkout.session", StripeShape.FirstOf(firstPage));
    }

    [Fact]
    public async Task A_portal_session_for_a_customer_has_a_hosted_url_and_its_return_url()
    {
        var customer = await _emulator.Stripe.CustomerAsync();

        var session = await _emulator.Stripe.V1.BillingPortal.Sessions.CreateAsync(new Stripe.BillingPortal.SessionCreateOptions
        {
            Customer = customer.Id,
            ReturnUrl = "http://127.0.0.1:5080/account",
        });
        var page = await _emulator.Http.GetStringAsync(session.Url);

        Assert.StartsWith("bps_", session.Id, StringComparison.Ordinal);
        Assert.Equal(customer.Id, session.Customer);
        Assert.Contains("href=\"http://127.0.0.1:5080/account\"", page, StringComparison.Ordinal);
        Assert.Equal(["billing_portal.session.created"], _emulator.Server.EventTypesFor(session.Id));
        StripeShape.AssertMatchesFixture("billing_portal.session", StripeShape.Raw(session));
    }

    private Task<Session> CreateSessionAsync(string price, string customer) =>
        _emulator.Stripe.V1.Checkout.Sessions.CreateAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            Customer = customer,
            LineItems = [new SessionLineItemOptions { Price = price, Quantity = 1 }],
            SuccessUrl = "http://127.0.0.1:5080/ok",
        });
}
