using System.Text.Json;

namespace Membership.Tests.Admin;

public sealed class AdminOpenApiTests(AdminApp app) : IClassFixture<AdminApp>
{
    [Fact]
    public async Task Every_admin_endpoint_is_documented_with_a_summary()
    {
        using var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"));

        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/v1/admin", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value)))
            .ToList();

        foreach (var expected in new[] { "/api/v1/admin/readers", "/api/v1/admin/readers/{id}/explain", "/api/v1/admin/plans/{key}", "/api/v1/admin/metrics", "/api/v1/admin/audit", "/api/v1/admin/stripe-events", "/api/v1/admin/export/readers.csv" })
            Assert.Contains(operations, o => o.Path == expected);
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace(o.Operation.TryGetProperty("summary", out var s) ? s.GetString() : null), $"{o.Method} {o.Path} has no summary"));
    }
}
