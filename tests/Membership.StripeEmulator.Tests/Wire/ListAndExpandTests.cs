namespace Membership.StripeEmulator.Tests.Wire;

/// <summary>Stripe's list pages (newest first, cursors both ways) and <c>expand[]</c>, also inside lists.</summary>
public sealed class ListAndExpandTests : IAsyncLifetime
{
    private Emulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await Emulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Pages_go_newest_first_and_cursors_move_both_ways()
    {
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
            created.Add((await _emulator.Stripe.CustomerAsync()).Id);
        created.Reverse();

        var first = await _emulator.Stripe.V1.Customers.ListAsync(new CustomerListOptions { Limit = 2 });
        var second = await _emulator.Stripe.V1.Customers.ListAsync(new CustomerListOptions { Limit = 2, StartingAfter = first.Data[^1].Id });
        var last = await _emulator.Stripe.V1.Customers.ListAsync(new CustomerListOptions { Limit = 2, StartingAfter = second.Data[^1].Id });
        var back = await _emulator.Stripe.V1.Customers.ListAsync(new CustomerListOptions { Limit = 2, EndingBefore = last.Data[0].Id });

        Assert.Equal(created[..2], first.Data.Select(c => c.Id));
        Assert.True(first.HasMore);
        Assert.Equal(created[2..4], second.Data.Select(c => c.Id));
        Assert.Equal(created[4..], last.Data.Select(c => c.Id));
        Assert.False(last.HasMore);
        Assert.Equal(created[2..4], back.Data.Select(c => c.Id));
        Assert.Equal("/v1/customers", first.Url);
    }

    [Fact]
    public async Task Ids_in_lists_and_objects_expand_into_the_objects()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();
        var subscription = await _emulator.Stripe.SubscribeAsync(customer.Id, price.Id);

        var invoices = await _emulator.Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscription.Id, Expand = ["data.customer"] });
        var withCustomer = await _emulator.Stripe.V1.Subscriptions.GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["customer", "items.data.price.product"] });
        var badPath = await Assert.ThrowsAsync<StripeException>(() =>
            _emulator.Stripe.V1.Subscriptions.GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["status"] }));

        Assert.Equal(customer.Email, Assert.Single(invoices.Data).Customer.Email);
        Assert.Equal(customer.Email, withCustomer.Customer.Email);
        Assert.Equal("Ad-Free month", withCustomer.Items.Data[0].Price.Product.Name);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badPath.HttpStatusCode);
    }

    [Fact]
    public async Task Events_filter_by_type_types_and_creation_time()
    {
        var before = DateTime.UtcNow.AddSeconds(-1);
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();
        await _emulator.Stripe.SubscribeAsync(customer.Id, price.Id);

        var invoiceEvents = await _emulator.Stripe.V1.Events.ListAsync(new EventListOptions { Type = "invoice.*", Limit = 100 });
        var chosen = await _emulator.Stripe.V1.Events.ListAsync(new EventListOptions { Types = ["customer.created", "price.created"] });
        var recent = await _emulator.Stripe.V1.Events.ListAsync(new EventListOptions { Created = new DateRangeOptions { GreaterThanOrEqual = before }, Limit = 100 });
        var all = await _emulator.Stripe.V1.Events.ListAsync(new EventListOptions { Limit = 100 });
        var future = await _emulator.Stripe.V1.Events.ListAsync(new EventListOptions { Created = new DateRangeOptions { GreaterThan = DateTime.UtcNow.AddHours(1) } });

        Assert.Equal(["invoice.payment_succeeded", "invoice.paid", "invoice.finalized", "invoice.created"], invoiceEvents.Data.Select(e => e.Type));
        Assert.Equal(["customer.created", "price.created"], chosen.Data.Select(e => e.Type));
        Assert.Equal(all.Data.Select(e => e.Id), recent.Data.Select(e => e.Id));
        Assert.Contains("customer.subscription.created", recent.Data.Select(e => e.Type));
        Assert.Empty(future.Data);
    }

    [Fact]
    public async Task Events_filter_by_an_exact_creation_time()
    {
        var customer = await _emulator.Stripe.CustomerAsync();
        var created = Assert.Single((await _emulator.Stripe.V1.Events.ListAsync(new EventListOptions { Type = "customer.created" })).Data);

        var exact = await _emulator.Stripe.V1.Events.ListAsync(new EventListOptions { Created = created.Created, Limit = 100 });
        var secondBefore = await _emulator.Stripe.V1.Events.ListAsync(new EventListOptions { Created = created.Created.AddSeconds(-1), Limit = 100 });
        var closedRange = await _emulator.Stripe.V1.Events.ListAsync(new EventListOptions
        {
            Created = new DateRangeOptions { GreaterThan = created.Created.AddSeconds(-1), LessThanOrEqual = created.Created },
            Limit = 100,
        });

        Assert.Equal(customer.Id, ((Customer)created.Data.Object).Id);
        Assert.Contains(created.Id, exact.Data.Select(e => e.Id));
        Assert.All(exact.Data, e => Assert.Equal(created.Created, e.Created));
        Assert.DoesNotContain(created.Id, secondBefore.Data.Select(e => e.Id));
        Assert.Equal(exact.Data.Select(e => e.Id), closedRange.Data.Select(e => e.Id));
    }
}
