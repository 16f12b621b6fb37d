namespace Membership.Web.Demo;

/// <summary>
/// The demo's stand-in ad and tracker server, read from the <c>Membership</c> section (<c>Membership__DemoAdPort</c>,
/// <c>Membership__DemoAdServer</c>). It runs in Development (what <c>./build.sh run</c> starts) unless switched off,
/// and elsewhere only when switched on (the browser tests do).
/// </summary>
public sealed class DemoOptions
{
    public int DemoAdPort { get; set; } = 5081;

    /// <summary>Start the stand-in ad server; unset means "in Development".</summary>
    public bool? DemoAdServer { get; set; }

    /// <summary>The stand-in's origin, another loopback origin than the service's, as a third-party ad host is.</summary>
    public string AdOrigin => $"http://127.0.0.1:{DemoAdPort}";
}
