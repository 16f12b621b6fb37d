using Membership.Architecture;

namespace Membership.Tests.Architecture;

/// <summary>
/// The house's shape (docs/architecture.md, "Features and layers"), read from the web project's IL:
/// features may use the layers below them and each other one way only; a layer below uses no feature
/// except where named here; nothing but the pages (and Program) uses the pages. The pairs that still use
/// each other both ways are listed, to be reshaped away: a new pair fails, and a pair reshaped away must
/// leave the list. <c>./build.sh deps</c> prints the whole graph, <c>--why A B</c> the types behind an edge.
/// </summary>
public sealed class NamespaceDependencyTests
{
    private const string Root = "Membership.Web";

    /// <summary>Under every feature: the database, what every request pays for, the connection to Stripe.</summary>
    private static readonly string[] LayersBelow = ["Data", "Hosting", "StripeConnection"];

    /// <summary>Over every feature: the Razor pages, which compose them.</summary>
    private const string LayerAbove = "Pages";

    /// <summary>
    /// Types of a layer below that may name feature types. The DbContext's DbSets and Identity's user type
    /// (Reader) must be the features' entity types; their configurations are applied by an assembly scan, so
    /// the DbContext names nothing else of them.
    /// </summary>
    private static readonly string[] LayerTypesThatMayUseFeatures = ["Data.MembershipDbContext"];

    // Empty: no two features use each other both ways. A new pair fails the test; do not add it here, move the type to the side that owns it.
    private static readonly string[] StillTwoWay = [];

    private static readonly NamespaceGraph Graph = NamespaceGraph.Read(typeof(Program).Assembly.Location, Root);

    [Fact]
    public void No_two_namespaces_use_each_other_both_ways_beyond_the_known_list()
    {
        var edges = Edges();
        var found = edges.Where(e => string.CompareOrdinal(e.From, e.To) < 0 && edges.Contains((e.To, e.From)))
            .Select(e => $"{e.From} <-> {e.To}").Order(StringComparer.Ordinal).ToList();

        Assert.Empty(found.Except(StillTwoWay));
        Assert.Empty(StillTwoWay.Except(found));
    }

    [Fact]
    public void A_layer_below_uses_no_feature_except_where_named()
    {
        var offending = Edges().Where(e => LayersBelow.Contains(e.From) && !LayersBelow.Contains(e.To))
            .Select(e => $"{e.From} -> {e.To}").ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void Only_the_pages_use_the_pages()
    {
        var offending = Edges().Where(e => e.To == LayerAbove).Select(e => $"{e.From} -> {e.To}").ToList();

        Assert.Empty(offending);
    }

    /// <summary>Namespace edges (short names), leaving out what <see cref="LayerTypesThatMayUseFeatures"/> allows.</summary>
    private static HashSet<(string From, string To)> Edges() =>
        Graph.TypeEdges.Keys
            .Select(e => (FromType: Short(e.From), From: Short(NamespaceGraph.NamespaceOf(e.From)), To: Short(NamespaceGraph.NamespaceOf(e.To))))
            .Where(e => e.From != e.To && !(LayerTypesThatMayUseFeatures.Contains(e.FromType) && !LayersBelow.Contains(e.To)))
            .Select(e => (e.From, e.To))
            .ToHashSet();

    private static string Short(string name) => name == Root ? "(root)" : name[(Root.Length + 1)..];
}
