using Membership.StripeEmulator;
using Stripe;

namespace Membership.Tests.Admin;

/// <summary><see cref="AdminApp"/> talking to the project's Stripe emulator, started in-process on a free port.</summary>
public sealed class EmulatedAdminApp : AdminApp, IAsyncLifetime
{
    private StripeEmulatorServer? _emulator;

    public StripeEmulatorServer Emulator => _emulator ?? throw new InvalidOperationException("The emulator starts in InitializeAsync.");

    /// <summary>A client of our own for checking what the service did in "Stripe".</summary>
    public StripeClient Stripe => new(new StripeClientOptions { ApiKey = "sk_test_emulator", ApiBase = Emulator.BaseUrl.ToString().TrimEnd('/') });

    protected override string StripeApiBase => Emulator.BaseUrl.ToString().TrimEnd('/');

    public override async Task InitializeAsync()
    {
        _emulator = await StripeEmulatorServer.StartAsync(new EmulatorOptions { Port = 0 });
        await base.InitializeAsync();
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_emulator is not null)
            await _emulator.DisposeAsync();
    }
}
