namespace Membership.BrowserTests;

/// <summary>The demo article's test classes share one service, ad server and browser, one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class DemoArticleGroup : ICollectionFixture<DemoArticleTests.App>
{
    public const string Name = "Demo article";
}
