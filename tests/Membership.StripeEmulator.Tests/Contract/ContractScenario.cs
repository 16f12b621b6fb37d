using StripeCheckout = Stripe.Checkout;
using StripePortal = Stripe.BillingPortal;

namespace Membership.StripeEmulator.Tests.Contract;

/// <summary>
/// Drives the emulator through every flow it offers, through Stripe.net and raw requests alike, so the recorder
/// sees every kind of object it renders (expanded ones and error bodies included) for the type-declaration check.
/// </summary>
public sealed partial class ContractScenario(Emulator emulator, StripeClient stripe, HttpClient raw, ResponseRecorder recorder)
{
    private static readonly DateTime ClockStart = new(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc);
    private const string SuccessUrl = "http://127.0.0.1:5080/subscribe/success?session_id={CHECKOUT_SESSION_ID}";

    public async Task RunAsync()
    {
        var price = await CatalogAsync();
        await CustomersAsync();
        await CheckoutAsync(price);
        await PortalAsync(price);
        await SubscriptionsAsync(price);
        await TestClockAsync();
        await ChangesAsync();
        await RefundsAndDisputesAsync(price);
        await WebhookEndpointsAsync();
        await ErrorsAsync(price);
        await EventsAsync();
    }

    private async Task<Price> CatalogAsync()
    {
        var product = await stripe.V1.Products.CreateAsync(new ProductCreateOptions { Name = "Ad-Free", Description = "No ads", Metadata = new() { ["plan"] = "monthly" } });
        await stripe.V1.Products.UpdateAsync(product.Id, new ProductUpdateOptions { Description = "No ads at all" });
        var price = await stripe.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id,
            UnitAmount = 500,
            Currency = "usd",
            LookupKey = "contract_monthly",
            Nickname = "Monthly",
            Recurring = new PriceRecurringOptions { Interval = "month" },
        });
        await stripe.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            ProductData = new PriceProductDataOptions { Name = "Ad-Free yearly" },
            UnitAmount = 5000,
            Currency = "usd",
            Recurring = new PriceRecurringOptions { Interval = "year" },
        });
        await stripe.V1.Prices.CreateAsync(new PriceCreateOptions { Product = product.Id, UnitAmount = 300, Currency = "usd" });
        await stripe.V1.Prices.UpdateAsync(price.Id, new PriceUpdateOptions { Metadata = new() { ["tier"] = "basic" } });
        await stripe.V1.Products.UpdateAsync(product.Id, new ProductUpdateOptions { DefaultPrice = price.Id });
        await stripe.V1.Prices.ListAsync(new PriceListOptions { LookupKeys = ["contract_monthly"], Expand = ["data.product"] });
        await stripe.V1.Products.ListAsync(new ProductListOptions { Active = true });
        await raw.GetAsync($"v1/prices/{price.Id}?expand[]=product");
        var lonely = await stripe.V1.Products.CreateAsync(new ProductCreateOptions { Name = "Gone soon" });
        await stripe.V1.Products.DeleteAsync(lonely.Id);
        return price;
    }

    private async Task CustomersAsync()
    {
        var customer = await stripe.CustomerAsync(paymentMethod: "pm_card_visa");
        await stripe.V1.Customers.UpdateAsync(customer.Id, new CustomerUpdateOptions { Name = "Ada Reader", Metadata = new() { ["reader_id"] = "r-1" } });
        await stripe.V1.Customers.GetAsync(customer.Id, new CustomerGetOptions { Expand = ["invoice_settings.default_payment_method"] });
        await stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = customer.Email });
        await stripe.V1.PaymentMethods.ListAsync(new PaymentMethodListOptions { Customer = customer.Id });
        await raw.GetAsync($"v1/customers/{customer.Id}/payment_methods");
        await stripe.V1.PaymentMethods.AttachAsync("pm_card_mastercard", new PaymentMethodAttachOptions { Customer = customer.Id });
        await stripe.V1.Customers.DeleteAsync(customer.Id);
        await raw.GetAsync($"v1/customers/{customer.Id}");
    }

    private async Task CheckoutAsync(Price price)
    {
        var customer = await stripe.CustomerAsync();
        var session = await stripe.V1.Checkout.Sessions.CreateAsync(new StripeCheckout.SessionCreateOptions
        {
            Mode = "subscription",
            Customer = customer.Id,
            SuccessUrl = SuccessUrl,
            CancelUrl = "http://127.0.0.1:5080/plans",
            LineItems = [new StripeCheckout.SessionLineItemOptions { Price = price.Id, Quantity = 1 }],
            ClientReferenceId = "r-1",
            Metadata = new() { ["reader_id"] = "r-1" },
            SubscriptionData = new StripeCheckout.SessionSubscriptionDataOptions { Metadata = new() { ["reader_id"] = "r-1" } },
        });
        await raw.GetAsync($"v1/checkout/sessions/{session.Id}?expand[]=line_items");
        await raw.GetAsync($"v1/checkout/sessions/{session.Id}/line_items");
        await emulator.PayAsync(session.Url, "4000 0000 0000 0341");
        await emulator.PayAsync(session.Url, "4242 4242 4242 4242");
        await stripe.V1.Checkout.Sessions.GetAsync(session.Id, new StripeCheckout.SessionGetOptions
        {
            Expand = ["line_items", "customer", "subscription", "subscription.latest_invoice", "invoice", "payment_intent"],
        });
        await stripe.V1.Checkout.Sessions.ListAsync(new StripeCheckout.SessionListOptions { Customer = customer.Id });

        var trial = await stripe.V1.Checkout.Sessions.CreateAsync(new StripeCheckout.SessionCreateOptions
        {
            Mode = "subscription",
            CustomerEmail = "trial@example.test",
            SuccessUrl = SuccessUrl,
            Locale = "en",
            LineItems = [new StripeCheckout.SessionLineItemOptions { Price = price.Id, Quantity = 1 }],
            SubscriptionData = new StripeCheckout.SessionSubscriptionDataOptions { TrialPeriodDays = 2 },
        });
        await emulator.PayAsync(trial.Url, "4242 4242 4242 4242");
        await stripe.V1.Checkout.Sessions.GetAsync(trial.Id, new StripeCheckout.SessionGetOptions { Expand = ["subscription"] });

        var abandoned = await stripe.V1.Checkout.Sessions.CreateAsync(new StripeCheckout.SessionCreateOptions
        {
            Mode = "subscription",
            SuccessUrl = SuccessUrl,
            LineItems = [new StripeCheckout.SessionLineItemOptions { Price = price.Id, Quantity = 2 }],
        });
        await stripe.V1.Checkout.Sessions.ExpireAsync(abandoned.Id);
    }

    private async Task PortalAsync(Price price)
    {
        var customer = await stripe.CustomerAsync(paymentMethod: "pm_card_visa");
        var subscription = await stripe.SubscribeAsync(customer.Id, price.Id);
        var session = await stripe.V1.BillingPortal.Sessions.CreateAsync(new StripePortal.SessionCreateOptions { Customer = customer.Id, ReturnUrl = "http://127.0.0.1:5080/account" });
        await emulator.PortalAsync(session.Url, new() { ["action"] = "cancel", ["subscription"] = subscription.Id });
        await emulator.PortalAsync(session.Url, new() { ["action"] = "resume", ["subscription"] = subscription.Id });
        await emulator.PortalAsync(session.Url, new() { ["action"] = "update_card", ["card_number"] = "5555 5555 5555 4444" });
        await stripe.V1.Subscriptions.GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["default_payment_method", "customer"] });
    }
}
