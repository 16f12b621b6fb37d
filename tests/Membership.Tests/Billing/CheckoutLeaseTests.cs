using Membership.Tests.Infrastructure;
using Stripe;
using Stripe.Checkout;

namespace Membership.Tests.Billing;

/// <summary>
/// Checkout no longer holds the reader's row lock across Stripe; a lease row serialises it instead, on
/// every instance. Were two checkouts of one reader to interleave, both could find no open session to
/// expire and leave two payable sessions (or make two customers).
/// </summary>
public sealed class CheckoutLeaseTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>
{
    [Fact]
    public async Task Checkouts_of_one_reader_on_two_instances_at_once_make_one_customer_and_leave_one_session_payable()
    {
        await using var second = app.WithWebHostBuilder(_ => { });
        var email = $"two-tabs-{Guid.NewGuid():N}@example.test";
        var first = await app.RegisterAndSignInAsync(email);
        var other = second.CreateClient();
        await other.SignInAsync(email, Readers.Password);

        var started = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => (i % 2 == 0 ? first : other).StartCheckoutAsync()));

        var customers = await app.Stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = email, Limit = 100 });
        var customer = Assert.Single(customers.Data);
        var open = await app.Stripe.V1.Checkout.Sessions.ListAsync(new SessionListOptions { Customer = customer.Id, Status = "open", Limit = 100 });
        Assert.Single(open.Data);
        Assert.Contains(open.Data[0].Id, started.Select(s => s.SessionId));
        Assert.All(started, s => Assert.Equal(customer.Id, app.Stripe.V1.Checkout.Sessions.Get(s.SessionId).CustomerId));
    }
}
