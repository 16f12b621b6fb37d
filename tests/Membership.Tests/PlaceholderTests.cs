namespace Membership.Tests;

public sealed class PlaceholderTests
{
    [Fact]
    public void Builds() => Assert.True(typeof(Program).Assembly.GetName().Name == "Membership.Web");
}
