using Membership.StripeEmulator;
using Membership.Web.Billing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace Membership.Tests.Infrastructure;

/// <summary>
/// The service wired to the project's Stripe emulator, running in-process on a free port. The emulator
/// delivers its signed webhooks straight into this service's test server, as Stripe would over the network.
/// </summary>
public class StripeBackedApp : MembershipApp
{
    private StripeEmulatorServer? _emulator;

    public StripeEmulatorServer Emulator => _emulator ?? throw new InvalidOperationException("The emulator starts in InitializeAsync.");

    /// <summary>Deliver every event twice, shuffled, as real Stripe may.</summary>
    protected virtual bool DuplicateAndShuffle => false;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stripe:ApiBase"] = Emulator.BaseUrl.ToString(),
        ["Billing:SeedPlans"] = "true",
        ["Billing:ScheduledSync"] = "false",
        ["Billing:PollInterval"] = "00:00:00.200",
        ["Membership:Bootstrap:AdminEmail"] = AdminEmail,
        ["Membership:Bootstrap:AdminPassword"] = AdminPassword,
    };

    public const string AdminEmail = "billing-admin@example.test";
    public const string AdminPassword = "Admin-Password-123";

    public async Task<HttpClient> AdminAsync()
    {
        var client = CreateClient();
        await client.SignInAsync(AdminEmail, AdminPassword);
        return client;
    }

    public override async Task InitializeAsync()
    {
        _emulator = await StripeEmulatorServer.StartAsync(new EmulatorOptions
        {
            Port = 0,
            WebhookUrl = "http://localhost/webhooks/stripe",
            WebhookHandler = () => Server.CreateHandler(),
            DuplicateAndShuffle = DuplicateAndShuffle,
            ShuffleSeed = 7,
        });
        await base.InitializeAsync();
        _ = Server; // start the service: it seeds the plans and creates their Stripe prices
        await Eventually.UntilAsync(async () => await this.WithDbAsync(db => db.Plans.CountAsync(p => p.StripePriceId != null)) == 2,
            "the default plans to be on sale in Stripe");
    }

    /// <summary>Stripe.net pointed at the emulator, as the service uses it.</summary>
    public StripeClient Stripe => Services.GetRequiredService<StripeClient>();

    /// <summary>Waits until the emulator has delivered everything and the service has processed its inbox.</summary>
    public async Task SettleAsync()
    {
        await Emulator.WhenDeliveriesIdleAsync(TimeSpan.FromSeconds(20));
        await Eventually.UntilAsync(async () => await this.WithDbAsync(db => db.StripeEvents.CountAsync(e => e.Status == StripeEventStatus.Pending)) == 0,
            "the webhook inbox to be processed");
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_emulator is not null)
            await _emulator.DisposeAsync();
    }
}
