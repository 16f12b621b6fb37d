namespace Membership.StripeEmulator;

public static class EmulatorProgram
{
    public static Task Main(string[] args) => EmulatorHost.Build(args).RunAsync();
}
