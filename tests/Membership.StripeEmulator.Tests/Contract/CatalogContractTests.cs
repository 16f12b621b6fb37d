namespace Membership.StripeEmulator.Tests.Contract;

/// <summary>The calls the service's plan catalogue and customer setup make, through Stripe.net.</summary>
public sealed class CatalogContractTests : IAsyncLifetime
{
    private Emulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await Emulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Creating_a_customer_twice_with_one_idempotency_key_gives_one_customer()
    {
        var options = new CustomerCreateOptions { Email = "reader@example.test", Name = "Reader", Metadata = new() { ["reader_id"] = "r-1" } };
        var request = new RequestOptions { IdempotencyKey = "customer-for-reader-r-1" };

        var first = await _emulator.Stripe.V1.Customers.CreateAsync(options, request);
        var second = await _emulator.Stripe.V1.Customers.CreateAsync(options, request);

        Assert.Equal(first.Id, second.Id);
        Assert.StartsWith("cus_", first.Id, StringComparison.Ordinal);
        Assert.Equal("reader@example.test", first.Email);
        Assert.Equal("r-1", first.Metadata["reader_id"]);
        var listed = await _emulator.Stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = "reader@example.test" });
        Assert.Single(listed.Data);
        StripeShape.AssertMatchesFixture("customer", StripeShape.Raw(first));
        Assert.Equal(["customer.created"], _emulator.Server.EventTypesFor(first.Id));
    }

    [Fact]
    public async Task The_same_idempotency_key_with_other_parameters_is_refused()
    {
        var request = new RequestOptions { IdempotencyKey = "key-" + Guid.NewGuid() };
        await _emulator.Stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "one@example.test" }, request);

        var error = await Assert.ThrowsAsync<StripeException>(() =>
            _emulator.Stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "two@example.test" }, request));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.HttpStatusCode);
        Assert.Equal("idempotency_error", error.StripeError.Type);
        Assert.Empty(await _emulator.Stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = "two@example.test" }));
    }

    [Fact]
    public async Task A_plan_is_found_by_lookup_key_and_a_new_price_takes_the_key_over()
    {
        var product = await _emulator.Stripe.V1.Products.CreateAsync(new ProductCreateOptions
        {
            Name = "Ad-Free Monthly",
            Description = "Read without ads.",
            Metadata = new() { ["plan_key"] = "adfree-monthly" },
        }, new RequestOptions { IdempotencyKey = "product-adfree-monthly" });
        var first = await CreatePriceAsync(product.Id, 500);
        var found = await _emulator.Stripe.V1.Prices.ListAsync(new PriceListOptions { LookupKeys = ["adfree-monthly"], Limit = 1 });
        Assert.Equal(first.Id, Assert.Single(found.Data).Id);

        var second = await CreatePriceAsync(product.Id, 600);

        found = await _emulator.Stripe.V1.Prices.ListAsync(new PriceListOptions { LookupKeys = ["adfree-monthly"], Limit = 1 });
        var current = Assert.Single(found.Data);
        Assert.Equal(second.Id, current.Id);
        Assert.Equal(600, current.UnitAmount);
        Assert.Equal("month", current.Recurring.Interval);
        Assert.Equal(product.Id, current.ProductId);
        Assert.Null((await _emulator.Stripe.V1.Prices.GetAsync(first.Id)).LookupKey);
        Assert.Equal(["price.created", "price.updated"], _emulator.Server.EventTypesFor(first.Id));
        StripeShape.AssertMatchesFixture("product", StripeShape.Raw(product));
        StripeShape.AssertMatchesFixture("price", StripeShape.FirstOf(found));
    }

    [Fact]
    public async Task A_plan_edit_renames_the_product_and_saving_it_unchanged_emits_nothing()
    {
        var product = await _emulator.Stripe.V1.Products.CreateAsync(new ProductCreateOptions { Name = "Ad-Free Monthly", Description = "Read without ads." });
        var edit = new ProductUpdateOptions { Name = "Ad-Free Monthly Plus", Description = "Read without ads, and more." };

        var updated = await _emulator.Stripe.V1.Products.UpdateAsync(product.Id, edit);
        var again = await _emulator.Stripe.V1.Products.UpdateAsync(product.Id, edit);

        Assert.Equal(product.Id, updated.Id);
        Assert.Equal(("Ad-Free Monthly Plus", "Read without ads, and more."), (updated.Name, updated.Description));
        Assert.Equal((updated.Name, updated.Description), (again.Name, again.Description));
        Assert.Equal(["product.created", "product.updated"], _emulator.Server.EventTypesFor(product.Id));
        StripeShape.AssertMatchesFixture("product", StripeShape.Raw(updated));
    }

    [Fact]
    public async Task A_lookup_key_in_use_is_not_taken_without_transfer()
    {
        var first = await _emulator.Stripe.MonthlyPriceAsync(lookupKey: "taken");

        var error = await Assert.ThrowsAsync<StripeException>(() => _emulator.Stripe.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = first.ProductId,
            UnitAmount = 700,
            Currency = "usd",
            Recurring = new PriceRecurringOptions { Interval = "month" },
            LookupKey = "taken",
        }));

        Assert.Equal("lookup_key", error.StripeError.Param);
        Assert.Equal("taken", (await _emulator.Stripe.V1.Prices.GetAsync(first.Id)).LookupKey);
    }

    private Task<Price> CreatePriceAsync(string product, long amount) =>
        _emulator.Stripe.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product,
            UnitAmount = amount,
            Currency = "usd",
            Recurring = new PriceRecurringOptions { Interval = "month" },
            LookupKey = "adfree-monthly",
            TransferLookupKey = true,
            Metadata = new() { ["plan_key"] = "adfree-monthly" },
        }, new RequestOptions { IdempotencyKey = $"price-adfree-monthly-{amount}-usd-month" });
}
