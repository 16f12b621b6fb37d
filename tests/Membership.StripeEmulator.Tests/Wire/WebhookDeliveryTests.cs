using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Membership.StripeEmulator.Tests.Wire;

/// <summary>Delivery of events to webhook endpoints: signed, queued, retried, duplicated and shuffled, or lost on purpose.</summary>
public sealed class WebhookDeliveryTests
{
    [Fact]
    public async Task Events_reach_a_real_endpoint_over_the_network_signed_with_its_secret()
    {
        var received = new List<Event>();
        await using var endpoint = await StartReceiverAsync(async http =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            try
            {
                var verified = EventUtility.ConstructEvent(body, http.Request.Headers["Stripe-Signature"].ToString(), "whsec_network", throwOnApiVersionMismatch: true);
                lock (received)
                    received.Add(verified);
            }
            catch (StripeException)
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
            }
        });
        var url = endpoint.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/webhooks/stripe";
        await using var emulator = await StripeEmulatorServer.StartAsync(new EmulatorOptions { Port = 0, WebhookUrl = url, WebhookSecret = "whsec_network" });
        var stripe = new StripeClient(new StripeClientOptions { ApiKey = Emulator.SecretKey, ApiBase = emulator.BaseUrl.ToString().TrimEnd('/') });

        var customer = await stripe.CustomerAsync();
        await emulator.WhenDeliveriesIdleAsync(TimeSpan.FromSeconds(20));

        var delivery = Assert.Single(emulator.Deliveries);
        Assert.Equal((customer.Id, "customer.created", url, 1, (int?)200), (((Customer)Assert.Single(received).Data.Object).Id, delivery.EventType, delivery.Url, delivery.Attempt, delivery.StatusCode));
    }

    [Fact]
    public async Task A_failing_endpoint_gets_the_event_again_with_backoff_until_it_answers_2xx()
    {
        await using var emulator = await Emulator.StartAsync(o => o.WebhookRetryDelay = TimeSpan.FromMilliseconds(200));
        emulator.Webhooks.RefuseNext(2);

        var customer = await emulator.Stripe.CustomerAsync();
        var delivered = await emulator.DeliveredAsync();

        Assert.Equal(customer.Id, ((Customer)Assert.Single(delivered).Data.Object).Id);
        var attempts = emulator.Server.Deliveries;
        Assert.Equal([(1, 500), (2, 500), (3, 200)], attempts.Select(d => (d.Attempt, d.StatusCode ?? 0)));
        Assert.All(attempts, d => Assert.Equal(delivered[0].Id, d.EventId));
        // Lower bounds only (the delays double from 200 ms); an upper bound would measure the machine's load.
        var first = TimeSpan.FromMilliseconds(200);
        Assert.True(attempts[1].AttemptedAt - attempts[0].AttemptedAt >= first);
        Assert.True(attempts[2].AttemptedAt - attempts[1].AttemptedAt >= 2 * first);
    }

    [Fact]
    public async Task An_endpoint_that_never_answers_keeps_deliveries_busy_and_waiting_for_them_times_out()
    {
        await using var emulator = await Emulator.StartAsync(o => o.WebhookRetryDelay = TimeSpan.FromSeconds(30));
        emulator.Webhooks.RefuseNext(int.MaxValue);

        await emulator.Stripe.CustomerAsync();

        await Assert.ThrowsAsync<TimeoutException>(() => emulator.Server.WhenDeliveriesIdleAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(500, emulator.Server.Deliveries[0].StatusCode);
    }

    [Fact]
    public async Task Dropped_deliveries_leave_the_events_readable_but_undelivered()
    {
        await using var emulator = await Emulator.StartAsync();
        emulator.Server.DropDeliveries = true;

        var customer = await emulator.Stripe.CustomerAsync();
        await emulator.Server.WhenDeliveriesIdleAsync(TimeSpan.FromSeconds(5));

        Assert.Empty(emulator.Server.Deliveries);
        var events = await emulator.Stripe.V1.Events.ListAsync(new EventListOptions { Types = ["customer.created"] });
        Assert.Equal(customer.Id, ((Customer)Assert.Single(events.Data).Data.Object).Id);
    }

    [Fact]
    public async Task Duplicate_and_shuffle_delivers_every_event_twice_in_another_order()
    {
        await using var emulator = await Emulator.StartAsync(o =>
        {
            o.DuplicateAndShuffle = true;
            o.ShuffleSeed = 42;
            o.ShuffleWindow = TimeSpan.FromMilliseconds(300);
        });
        var price = await emulator.Stripe.MonthlyPriceAsync();
        var customer = await emulator.Stripe.CustomerAsync();
        await emulator.Stripe.SubscribeAsync(customer.Id, price.Id);

        var delivered = await emulator.DeliveredAsync();
        var emitted = (await emulator.Stripe.V1.Events.ListAsync(new EventListOptions { Limit = 100 })).Data.Select(e => e.Id).Reverse().ToList();

        Assert.Equal(emitted.Count * 2, delivered.Count);
        Assert.All(delivered.GroupBy(e => e.Id), g => Assert.Equal(2, g.Count()));
        Assert.NotEqual(emitted, delivered.Select(e => e.Id).Distinct());
        Assert.Empty(emulator.Webhooks.Rejections);
    }

    [Fact]
    public async Task A_signature_made_with_another_secret_is_rejected_by_Stripe_net()
    {
        await using var emulator = await Emulator.StartAsync(o =>
        {
            o.WebhookSecret = "whsec_someone_else";
            o.WebhookMaxAttempts = 2;
        });

        await emulator.Stripe.CustomerAsync();
        await emulator.Server.WhenDeliveriesIdleAsync(TimeSpan.FromSeconds(20));

        Assert.Empty(emulator.Webhooks.Events);
        Assert.NotEmpty(emulator.Webhooks.Rejections);
        Assert.Equal([(1, 400), (2, 400)], emulator.Server.Deliveries.Select(d => (d.Attempt, d.StatusCode ?? 0)));
    }

    [Fact]
    public async Task An_endpoint_that_hangs_does_not_hold_up_deliveries_to_another()
    {
        var testOver = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var answering = new WebhookRecorder(Emulator.WebhookSecret);
        using var router = new HangingHostHandler("hangs.test", answering, testOver.Task);
        await using var emulator = await StripeEmulatorServer.StartAsync(new EmulatorOptions
        {
            Port = 0,
            WebhookUrl = "http://answers.test/webhooks/stripe",
            WebhookHandler = () => router,
            // Short enough not to matter, long enough that the other endpoint is served well within it.
            WebhookTimeout = TimeSpan.FromSeconds(5),
        });
        try
        {
            var stripe = new StripeClient(new StripeClientOptions { ApiKey = Emulator.SecretKey, ApiBase = emulator.BaseUrl.ToString().TrimEnd('/') });
            await stripe.V1.WebhookEndpoints.CreateAsync(new WebhookEndpointCreateOptions { Url = "http://hangs.test/webhooks/stripe", EnabledEvents = ["*"] });

            var customer = await stripe.CustomerAsync();
            await stripe.V1.Customers.UpdateAsync(customer.Id, new CustomerUpdateOptions { Name = "Reader" });

            await Eventually.UntilAsync(() => answering.Events.Count >= 2, "both events at the answering endpoint");
            Assert.Equal(["customer.created", "customer.updated"], answering.Events.Select(e => e.Type));
            // The hanging endpoint's first attempt is still waiting for its answer.
            Assert.True(router.Hanging > 0);
            Assert.DoesNotContain(emulator.Deliveries, d => d.Url.StartsWith("http://hangs.test/", StringComparison.Ordinal));
        }
        finally
        {
            testOver.SetResult();
        }
    }

    [Fact]
    public async Task With_a_webhook_concurrency_of_three_three_deliveries_to_one_endpoint_are_in_flight_at_once()
    {
        // Answers nothing until three requests wait together: one at a time would never get past the first.
        using var gate = new GatheringHandler(3);
        await using var emulator = await StripeEmulatorServer.StartAsync(new EmulatorOptions
        {
            Port = 0,
            WebhookUrl = "http://answers.test/webhooks/stripe",
            WebhookHandler = () => gate,
            WebhookConcurrency = 3,
            WebhookTimeout = TimeSpan.FromSeconds(20),
        });
        var stripe = new StripeClient(new StripeClientOptions { ApiKey = Emulator.SecretKey, ApiBase = emulator.BaseUrl.ToString().TrimEnd('/') });

        var customer = await stripe.CustomerAsync();
        await stripe.V1.Customers.UpdateAsync(customer.Id, new CustomerUpdateOptions { Name = "Reader" });
        await stripe.V1.Customers.UpdateAsync(customer.Id, new CustomerUpdateOptions { Name = "Reader Two" });
        await emulator.WhenDeliveriesIdleAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(3, gate.MostAtOnce);
        Assert.All(emulator.Deliveries, d => Assert.Equal((1, (int?)200), (d.Attempt, d.StatusCode)));
        Assert.Equal(["customer.created", "customer.updated", "customer.updated"], emulator.Deliveries.Select(d => d.EventType).Order());
    }

    private static async Task<WebApplication> StartReceiverAsync(RequestDelegate receive)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapPost("/webhooks/stripe", receive);
        await app.StartAsync();
        return app;
    }

    /// <summary>Requests to one host never get an answer (until the test is over); the rest go to a recorder.</summary>
    private sealed class HangingHostHandler(string host, WebhookRecorder answering, Task testOver) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _answering = new(answering, disposeHandler: false);
        private int _hanging;

        public int Hanging => Volatile.Read(ref _hanging);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.Host != host)
                return await _answering.SendAsync(request, cancellationToken);
            Interlocked.Increment(ref _hanging);
            await testOver.WaitAsync(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _answering.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Holds every request until <c>count</c> are waiting together, then answers them all 200.</summary>
    private sealed class GatheringHandler(int count) : HttpMessageHandler
    {
        private readonly TaskCompletionSource _gathered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiting;
        private int _mostAtOnce;

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _waiting);
            InterlockedMax(ref _mostAtOnce, now);
            if (now >= count)
                _gathered.TrySetResult();
            try
            {
                await _gathered.Task.WaitAsync(cancellationToken);
                return new HttpResponseMessage(HttpStatusCode.OK);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
