using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Tests.Wire;

/// <summary>Bad requests are answered as Stripe answers them: status code and <c>{"error":{...}}</c>.</summary>
public sealed class ErrorShapeTests : IAsyncLifetime
{
    private Emulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await Emulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task An_unknown_id_is_404_resource_missing()
    {
        var error = await Assert.ThrowsAsync<StripeException>(() => _emulator.Stripe.V1.Subscriptions.GetAsync("sub_doesnotexist"));

        Assert.Equal(HttpStatusCode.NotFound, error.HttpStatusCode);
        Assert.Equal("invalid_request_error", error.StripeError.Type);
        Assert.Equal("resource_missing", error.StripeError.Code);
        Assert.Equal("id", error.StripeError.Param);
        Assert.Equal("No such subscription: 'sub_doesnotexist'", error.StripeError.Message);
    }

    [Fact]
    public async Task A_missing_required_parameter_is_400_parameter_missing_naming_it()
    {
        var customer = await _emulator.Stripe.CustomerAsync();

        var error = await Assert.ThrowsAsync<StripeException>(() => _emulator.Stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions { Customer = customer.Id }));

        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
        Assert.Equal("parameter_missing", error.StripeError.Code);
        Assert.Equal("items", error.StripeError.Param);
        Assert.Empty(await _emulator.Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customer.Id, Status = "all" }));
    }

    [Fact]
    public async Task A_nested_parameter_error_names_its_full_path()
    {
        var customer = await _emulator.Stripe.CustomerAsync();

        var error = await Assert.ThrowsAsync<StripeException>(() => _emulator.Stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = "price_missing" }],
        }));

        Assert.Equal(HttpStatusCode.NotFound, error.HttpStatusCode);
        Assert.Equal("items[0][price]", error.StripeError.Param);
    }

    [Fact]
    public async Task An_unknown_parameter_is_refused_rather_than_ignored()
    {
        var options = new CustomerCreateOptions { Email = "x@example.test" };
        options.AddExtraParam("emial", "typo@example.test");

        var error = await Assert.ThrowsAsync<StripeException>(() => _emulator.Stripe.V1.Customers.CreateAsync(options));

        Assert.Equal("parameter_unknown", error.StripeError.Code);
        Assert.Equal("emial", error.StripeError.Param);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sk_test_wrong")]
    public async Task A_missing_or_wrong_key_is_401(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/customers");
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var response = await _emulator.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_request_error", (string?)body["error"]!["type"]);
        Assert.DoesNotContain("sk_test_wrong", (string?)body["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_path_is_404_in_Stripe_s_shape()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/nothing_here");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Emulator.SecretKey);

        var response = await _emulator.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Unrecognized request URL", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nested_form_parameters_and_expansions_are_read_as_Stripe_reads_them()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/customers?expand[]=test_clock")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = "nested@example.test",
                ["metadata[reader_id]"] = "r-9",
                ["metadata[plan]"] = "monthly",
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Emulator.SecretKey);
        request.Headers.Add("Stripe-Version", "2026-10-28.endive");

        var response = await _emulator.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("r-9", (string?)body["metadata"]!["reader_id"]);
        Assert.Equal("monthly", (string?)body["metadata"]!["plan"]);
        Assert.StartsWith("req_", response.Headers.GetValues("Request-Id").Single(), StringComparison.Ordinal);
    }
}
