using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Stripe.Checkout;

namespace Membership.StripeEmulator.Tests.Wire;

/// <summary>The pinned API version is the only one answered; declines and includable properties look as Stripe's do.</summary>
public sealed class ApiVersionAndDeclineTests : IAsyncLifetime
{
    private Emulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await Emulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Theory]
    [InlineData("1999-01-01")]
    [InlineData("2025-08-27.basil")]
    [InlineData("not a version")]
    public async Task Another_api_version_is_refused_with_Stripe_s_400(string version)
    {
        var (status, body) = await GetCustomersAsync(version);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = $"Invalid Stripe API version: {version}", ["type"] = "invalid_request_error" },
        }.ToJsonString(), body.ToJsonString());
    }

    [Theory]
    [InlineData("2026-10-28.endive")]
    [InlineData(null)]
    public async Task The_pinned_version_or_none_is_answered(string? version)
    {
        var (status, body) = await GetCustomersAsync(version);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("list", (string?)body["object"]);
    }

    [Fact]
    public async Task A_declined_invoice_payment_names_the_payment_intent_and_the_error_s_documentation()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync(paymentMethod: "pm_card_visa");
        var subscription = await _emulator.Stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = price.Id }],
            PaymentBehavior = "default_incomplete",
        });

        var declined = await Assert.ThrowsAsync<StripeException>(() =>
            _emulator.Stripe.V1.Invoices.PayAsync(subscription.LatestInvoiceId, new InvoicePayOptions { PaymentMethod = "pm_card_chargeCustomerFail" }));

        var error = declined.StripeError;
        Assert.Equal((HttpStatusCode.PaymentRequired, "card_error", "card_declined"), (declined.HttpStatusCode, error.Type, error.Code));
        Assert.Equal("https://stripe.com/docs/error-codes/card-declined", error.DocUrl);
        Assert.Equal("requires_payment_method", error.PaymentIntent.Status);
        Assert.Equal(error.PaymentIntent.LatestChargeId, error.Charge);
        Assert.Equal("0341", error.PaymentMethod.Card.Last4);
        var raw = JsonNode.Parse(declined.StripeResponse.Content)!["error"]!.AsObject();
        Assert.False(raw.ContainsKey("param"), "param is left out when no parameter is at fault");
    }

    [Fact]
    public async Task A_checkout_session_includes_its_line_items_when_asked()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var session = await _emulator.Stripe.V1.Checkout.Sessions.CreateAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            SuccessUrl = "http://127.0.0.1:5080/done",
            LineItems = [new SessionLineItemOptions { Price = price.Id, Quantity = 2 }],
        });

        var plain = await _emulator.Stripe.V1.Checkout.Sessions.GetAsync(session.Id);
        var expanded = await _emulator.Stripe.V1.Checkout.Sessions.GetAsync(session.Id, new SessionGetOptions { Expand = ["line_items.data.price.product"] });

        Assert.Null(plain.LineItems);
        var line = Assert.Single(expanded.LineItems.Data);
        Assert.Equal((2L, 1000L, price.Id), (line.Quantity, line.AmountTotal, line.Price.Id));
        Assert.Equal(price.ProductId, line.Price.Product.Id);
        Assert.Equal("hosted_page", expanded.UiMode);
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> GetCustomersAsync(string? version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/customers");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Emulator.SecretKey);
        if (version is not null)
            request.Headers.TryAddWithoutValidation("Stripe-Version", version);
        var response = await _emulator.Http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
