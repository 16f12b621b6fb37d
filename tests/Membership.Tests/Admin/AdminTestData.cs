using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Admin;

/// <summary>Data the admin tests set up and read back, on any test host.</summary>
public static class AdminTestData
{
    /// <summary>A reader inserted straight into the database (no password): fast enough to make dozens.</summary>
    public static Task<Guid> AddReaderAsync(this MembershipApp app, string email, string? displayName = null, string? customerId = null) =>
        app.WithDbAsync(async db =>
        {
            var reader = new Reader
            {
                Id = Guid.CreateVersion7(),
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                DisplayName = displayName,
                StripeCustomerId = customerId,
                SecurityStamp = Guid.NewGuid().ToString(),
                CreatedAt = app.Services.GetRequiredService<TimeProvider>().GetUtcNow(),
            };
            db.Users.Add(reader);
            await db.SaveChangesAsync();
            return reader.Id;
        });

    /// <summary>The audit actions about a reader or a target, oldest first.</summary>
    public static Task<List<string>> AuditActionsAsync(this MembershipApp app, Guid? readerId = null, string? target = null) =>
        app.WithDbAsync(db => db.AuditLog.Where(a => (readerId == null || a.ReaderId == readerId) && (target == null || a.Target == target))
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
