using Membership.Tests.Entitlements;

namespace Membership.Tests.Webhooks;

/// <summary>The site-facing service with its webhook workers polling quickly.</summary>
public sealed class WebhookTestApp : SiteApp
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Webhooks:PollInterval"] = "00:00:00.100",
    };
}
