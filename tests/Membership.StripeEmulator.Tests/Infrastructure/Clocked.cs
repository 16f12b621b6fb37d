using Stripe.TestHelpers;

namespace Membership.StripeEmulator.Tests.Infrastructure;

/// <summary>A customer on a test clock with a card, for flows that need time to pass.</summary>
public sealed record Clocked(TestClock Clock, Customer Customer)
{
    public static readonly DateTime Start = new(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc);

    public static async Task<Clocked> StartAsync(StripeClient stripe, string paymentMethod = "pm_card_visa")
    {
        var clock = await stripe.V1.TestHelpers.TestClocks.CreateAsync(new TestClockCreateOptions { FrozenTime = Start });
        return new Clocked(clock, await stripe.CustomerAsync(testClock: clock.Id, paymentMethod: paymentMethod));
    }

    public Task AdvanceAsync(StripeClient stripe, DateTime to) =>
        stripe.V1.TestHelpers.TestClocks.AdvanceAsync(Clock.Id, new TestClockAdvanceOptions { FrozenTime = to });
}
