using Membership.Architecture;

namespace Membership.Tests.Architecture;

/// <summary>
/// Features should not use each other both ways. The pairs that still do are listed here, to be
/// reshaped away (issue 21); a new pair fails this test, and a pair reshaped away must leave the list.
/// <c>./build.sh deps</c> prints the whole graph.
/// </summary>
public sealed class NamespaceDependencyTests
{
    private static readonly string[] StillTwoWay =
    [
        "Accounts <-> Billing", "Accounts <-> Data", "Accounts <-> Entitlements",
        "Admin <-> Billing", "Admin <-> Data", "Admin <-> Entitlements", "Admin <-> Plans",
        "ApiKeys <-> Data", "ApiKeys <-> Entitlements",
        "Billing <-> Data", "Billing <-> Plans",
        "Data <-> Entitlements", "Data <-> Plans",
    ];

    [Fact]
    public void No_feature_pair_uses_each_other_both_ways_beyond_the_known_list()
    {
        var graph = NamespaceGraph.Read(typeof(Program).Assembly.Location, "Membership.Web");
        var found = graph.TwoWay.Select(p => $"{Short(p.A)} <-> {Short(p.B)}").ToList();

        Assert.Empty(found.Except(StillTwoWay));
        Assert.Empty(StillTwoWay.Except(found));
    }

    private static string Short(string ns) => ns["Membership.Web.".Length..];
}
