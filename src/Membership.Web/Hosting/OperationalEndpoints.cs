using Microsoft.Extensions.Options;

namespace Membership.Web.Hosting;

/// <summary>
/// Where <c>/metrics</c>, <c>/docs</c> and <c>/openapi</c> are answered: on the management port
/// (<c>Membership__ManagementPort</c>, loopback by default), and on the public port only when a setting
/// says so (<c>/docs</c> and <c>/openapi</c> in Development). The management port answers nothing else
/// but <c>/healthz</c> and <c>/readyz</c>.
/// </summary>
public sealed class OperationalEndpoints
{
    public const int DefaultManagementPort = 5090;

    private readonly int _managementPort;
    private readonly bool _publicDocs;
    private readonly bool _publicMetrics;

    public OperationalEndpoints(IOptions<MembershipOptions> options, IWebHostEnvironment environment)
    {
        var membership = options.Value;
        _managementPort = membership.ManagementPort;
        _publicDocs = membership.PublicDocs ?? environment.IsDevelopment();
        _publicMetrics = membership.PublicMetrics;
    }

    /// <summary>The URL the management listener binds, or null when <c>Membership__ManagementPort</c> is 0.</summary>
    public static string? ManagementUrl(IConfiguration configuration)
    {
        var port = configuration.GetValue<int?>("Membership:ManagementPort") ?? DefaultManagementPort;
        if (port == 0)
            return null;
        var address = configuration["Membership:ManagementAddress"];
        address = string.IsNullOrWhiteSpace(address) ? "127.0.0.1" : address.Trim();
        return $"http://{(address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address)}:{port}";
    }

    /// <summary>Whether this request may reach its endpoint, judged by its path and the port it came in on.</summary>
    public bool Allows(HttpContext context)
    {
        var path = context.Request.Path;
        var onManagementPort = _managementPort != 0 && context.Connection.LocalPort == _managementPort;
        if (onManagementPort)
            return IsMetrics(path) || IsDocs(path) || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
        if (IsMetrics(path))
            return _publicMetrics;
        if (IsDocs(path))
            return _publicDocs;
        return true;
    }

    private static bool IsMetrics(PathString path) => path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);

    private static bool IsDocs(PathString path) =>
        path.StartsWithSegments("/docs", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);
}
