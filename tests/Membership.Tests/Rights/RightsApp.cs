using Membership.Tests.Accounts;
using Membership.Tests.Infrastructure;

namespace Membership.Tests.Rights;

/// <summary>The service against the emulator, with its mail in a folder of its own.</summary>
public sealed class RightsApp : StripeBackedApp, IAsyncLifetime
{
    public MailFolder Mail { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings)
        {
            ["Smtp:PickupDirectory"] = Mail.Path,
            ["Membership:Bootstrap:SiteApiKey"] = Entitlements.SiteSettings.SiteKey,
        };

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Mail.Dispose();
    }
}
