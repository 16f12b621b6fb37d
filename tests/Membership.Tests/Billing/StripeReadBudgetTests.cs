using System.Diagnostics;
using System.Net;
using Membership.Web.StripeConnection;
using Microsoft.Extensions.Options;

namespace Membership.Tests.Billing;

/// <summary>Stripe reads never go faster than this instance's share of Stripe__ReadsPerSecond, and stop when Stripe says 429.</summary>
public sealed class StripeReadBudgetTests
{
    [Fact]
    public async Task Reads_past_the_first_seconds_worth_wait_for_the_budget()
    {
        using var budget = Budget(readsPerSecond: 20);
        var timer = Stopwatch.StartNew();

        // 20 at once (the bucket's second's worth), then 20 more at 20 per second: at least about a second.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => budget.WaitAsync(CancellationToken.None).AsTask()));

        Assert.True(timer.Elapsed >= TimeSpan.FromSeconds(0.9), $"40 reads at 20/s took only {timer.Elapsed.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task Two_instances_each_get_half()
    {
        using var budget = Budget(readsPerSecond: 40);
        budget.SetInstances(2);
        var timer = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => budget.WaitAsync(CancellationToken.None).AsTask()));

        Assert.Equal(20, budget.Share);
        Assert.True(timer.Elapsed >= TimeSpan.FromSeconds(0.9), $"40 reads at a share of 20/s took only {timer.Elapsed.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task A_429_from_Stripe_holds_back_the_next_reads_for_its_Retry_After()
    {
        using var budget = Budget(readsPerSecond: 1000);
        using var handler = new StripeReadBudgetHandler(budget) { InnerHandler = new TooManyRequests() };
        using var http = new HttpClient(handler);

        var first = await http.GetAsync(new Uri("http://stripe.test/v1/subscriptions/sub_1"));
        var timer = Stopwatch.StartNew();
        await http.GetAsync(new Uri("http://stripe.test/v1/subscriptions/sub_1"));

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.True(timer.Elapsed >= TimeSpan.FromSeconds(0.9), $"the read after a 429 with Retry-After: 1 went after {timer.Elapsed.TotalSeconds:0.00} s");
    }

    private static StripeReadBudget Budget(double readsPerSecond) =>
        new(Options.Create(new StripeOptions { ReadsPerSecond = readsPerSecond }), TimeProvider.System);

    private sealed class TooManyRequests : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
            return Task.FromResult(response);
        }
    }
}
