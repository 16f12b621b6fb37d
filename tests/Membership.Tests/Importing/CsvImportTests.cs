using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Importing;

/// <summary>Complimentary members from a spreadsheet: bad rows are reported by row number and why, the rest imported once.</summary>
public sealed class CsvImportTests(ImportTestApp app) : IClassFixture<ImportTestApp>
{
    [Fact]
    public async Task Bad_rows_are_reported_with_their_row_and_reason_good_ones_are_granted_and_a_second_run_adds_nothing()
    {
        var existingEmail = $"existing-{Guid.NewGuid():N}@example.test";
        var existing = await app.RegisterAndSignInAsync(existingEmail);
        var existingId = (await existing.MeAsync()).Id;
        var fresh = $"press-{Guid.NewGuid():N}@example.test";
        var freshKey = fresh.ToUpperInvariant();
        var csv = $"""
            Email,Name,Until,Reason
            {fresh},"Doe, Ann",2099-12-31,Press pass
            {existingEmail.ToUpperInvariant()},,,
            not-an-email,Bob,,
            late-{Guid.NewGuid():N}@example.test,,31/12/2099,
            past-{Guid.NewGuid():N}@example.test,,2001-01-01,Old friend
            {fresh},Ann again,,

            """;
        using var admin = await app.AdminAsync();

        var dry = await admin.CsvAsync(csv, dryRun: true);

        Assert.Equal(("completed", 6), (dry.GetProperty("status").GetString(), dry.GetProperty("total").GetInt32()));
        Assert.Equal((1, 1, 3, 1), (dry.Count("created"), dry.Count("linked"), dry.Count("invalid"), dry.Count("skipped")));
        Assert.Equal("created", dry.Action("row:2"));
        Assert.Equal("linked", dry.Action("row:3"));
        Assert.Contains("not an email address", Reason(dry, "row:4"), StringComparison.Ordinal);
        Assert.Contains("is not a date", Reason(dry, "row:5"), StringComparison.Ordinal);
        Assert.Contains("already over", Reason(dry, "row:6"), StringComparison.Ordinal);
        Assert.Equal(("skipped", "The same email as row 2."), (dry.Action("row:7"), Reason(dry, "row:7")));
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(r => r.NormalizedEmail == freshKey)));
        Assert.False(await app.WithDbAsync(db => db.Grants.AnyAsync(g => g.ReaderId == existingId)));

        var applied = await admin.CsvAsync(csv, dryRun: false);

        Assert.Equal((1, 1, 3, 1), (applied.Count("created"), applied.Count("linked"), applied.Count("invalid"), applied.Count("skipped")));
        var made = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(r => r.NormalizedEmail == freshKey));
        Assert.Equal("Doe, Ann", made.DisplayName);
        var grant = await app.WithDbAsync(db => db.Grants.AsNoTracking().SingleAsync(g => g.ReaderId == made.Id));
        Assert.Equal(("Press pass", new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero)), (grant.Reason, grant.Until));
        Assert.True((await app.EntitlementOfAsync(made.Id)).AdFree);
        var existingGrant = await app.WithDbAsync(db => db.Grants.AsNoTracking().SingleAsync(g => g.ReaderId == existingId));
        Assert.Equal(("Imported from CSV", (DateTimeOffset?)null), (existingGrant.Reason, existingGrant.Until));
        Assert.True((await existing.MeAsync()).Entitlement.AdFree);
        Assert.Equal(0, await app.Mail.CountToAsync(fresh));

        var again = await admin.CsvAsync(csv, dryRun: false);

        Assert.Equal((0, 0, 2), (again.Count("created"), again.Count("linked"), again.Count("unchanged")));
        Assert.Equal(2, await app.WithDbAsync(db => db.Grants.CountAsync(g => g.ReaderId == made.Id || g.ReaderId == existingId)));
    }

    [Fact]
    public async Task A_csv_may_come_inside_json_too_and_a_dry_run_can_be_applied_as_it_was()
    {
        var email = $"json-{Guid.NewGuid():N}@example.test";
        var emailKey = email.ToUpperInvariant();
        using var admin = await app.AdminAsync();

        var dry = await ImportRuns.FinishedAsync(admin, await admin.PostAsJsonAsync("/api/v1/admin/imports", new { source = "csv", dryRun = true, csv = $"{email},Jay,,Contributor" }));
        Assert.Equal("created", dry.Action("row:1"));
        var apply = await admin.PostAsync(new Uri($"/api/v1/admin/imports/{dry.GetProperty("id").GetGuid()}/apply", UriKind.Relative), null);
        var applied = await ImportRuns.FinishedAsync(admin, apply);

        Assert.False(applied.GetProperty("dryRun").GetBoolean());
        Assert.Equal("created", applied.Action("row:1"));
        Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(r => r.NormalizedEmail == emailKey && r.DisplayName == "Jay")));
        var reapply = await admin.PostAsync(new Uri($"/api/v1/admin/imports/{applied.GetProperty("id").GetGuid()}/apply", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, reapply.StatusCode);
    }

    private static string Reason(JsonElement job, string key) => job.Line(key).GetProperty("reason").GetString()!;
}
