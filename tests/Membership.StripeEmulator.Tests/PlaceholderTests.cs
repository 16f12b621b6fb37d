namespace Membership.StripeEmulator.Tests;

public sealed class PlaceholderTests
{
    [Fact]
    public void Builds() => Assert.True(typeof(Membership.StripeEmulator.EmulatorHost).Assembly.GetName().Name == "Membership.StripeEmulator");
}
