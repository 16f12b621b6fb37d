using System.Diagnostics;
using System.Net;
using Membership.Tests.Infrastructure;
using Membership.Web.Hosting;
using Membership.Web.StripeConnection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Trace;

namespace Membership.Tests.Operations;

/// <summary>Traces are exported only when an OTLP endpoint is set; Stripe's request id rides on the span.</summary>
public sealed class TracingTests
{
    [Fact]
    public async Task Without_an_endpoint_no_tracer_is_registered()
    {
        var app = new MembershipApp();
        await app.InitializeAsync();
        try
        {
            Assert.Null(app.Services.GetService<TracerProvider>());
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_an_endpoint_a_tracer_listens_to_the_worker_source()
    {
        var app = new TracedApp();
        await app.InitializeAsync();
        try
        {
            Assert.NotNull(app.Services.GetService<TracerProvider>());
            using var activity = MembershipTracing.Source.StartActivity("probe");
            Assert.NotNull(activity); // someone listens: the tracer
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_Stripe_request_id_is_put_on_the_current_span()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "TracingTests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("TracingTests");
        using var handler = new StripeRequestIdHandler(NullLogger<StripeRequestIdHandler>.Instance) { InnerHandler = new StripeAnswer() };
        using var invoker = new HttpMessageInvoker(handler);

        using var span = source.StartActivity("call");
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://stripe.test/v1/customers/cus_1"), CancellationToken.None);

        Assert.Equal("req_drill123", span!.GetTagItem("stripe.request_id"));
    }

    private sealed class StripeAnswer : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK);
            response.Headers.Add("Request-Id", "req_drill123");
            return Task.FromResult(response);
        }
    }

    private sealed class TracedApp : MembershipApp
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            // Nothing listens there: spans are batched and dropped, which is all a test of the wiring needs.
            ["Membership:OtlpEndpoint"] = "http://127.0.0.1:9",
            ["Billing:ProcessEvents"] = "false",
            ["Billing:SyncCatalogAtStart"] = "false",
            ["Billing:ScheduledSync"] = "false",
        };
    }
}
