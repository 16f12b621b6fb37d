using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Membership.Tests.Infrastructure;
using Membership.Web.Plans;

namespace Membership.Tests.Admin;

/// <summary>The audit page tells who did what to whom in words; raw ids and JSON only in each entry's folded "Exact ids".</summary>
public sealed partial class AuditPageTests(AdminApp app) : IClassFixture<AdminApp>
{
    [GeneratedRegex("<details class=\"audit-ids\">.*?</details>", RegexOptions.Singleline)]
    private static partial Regex FoldedIds();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex("</?(a|time|span|strong)\\b[^>]*>")]
    private static partial Regex InlineTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>What a person reads on the page: the text, without the folded ids (nor attributes, as hrefs).</summary>
    private static string Readable(string html) =>
        Spaces().Replace(WebUtility.HtmlDecode(Tag().Replace(InlineTag().Replace(FoldedIds().Replace(html, " "), ""), " ")), " ");

    [Fact]
    public async Task Grants_read_as_sentences_about_the_reader_with_the_ids_folded_away()
    {
        var email = $"audited-{Guid.NewGuid():N}@example.test";
        var readerId = await app.AddReaderAsync(email);
        var admin = await app.AdminAsync();
        var lastDay = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(30);
        var until = new DateTimeOffset(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var grant = await AdminTestData.JsonAsync(await admin.PostAsJsonAsync($"/api/v1/admin/readers/{readerId}/grants",
            new { feature = "ad_free", until, reason = "Press partner" }));
        var grantId = grant.GetProperty("id").GetGuid();
        (await admin.DeleteAsync($"/api/v1/admin/grants/{grantId}")).EnsureSuccessStatusCode();

        var html = await admin.GetStringAsync($"/admin/audit?readerId={readerId}");
        var text = Readable(html);

        Assert.Contains($"{AdminApp.AdminEmail} gave {email} complimentary ad-free reading, last day {lastDay:yyyy-MM-dd}", text, StringComparison.Ordinal);
        Assert.Contains($"{AdminApp.AdminEmail} ended {email}’s complimentary ad-free reading", text, StringComparison.Ordinal);
        Assert.Contains("Reason Press partner", text, StringComparison.Ordinal);
        Assert.Contains($"href=\"/admin/readers/{readerId}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(readerId.ToString(), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(grantId.ToString(), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("grant.create", text, StringComparison.Ordinal);
        // The exact ids are there for whoever opens an entry.
        var folded = string.Concat(FoldedIds().Matches(html).Select(m => m.Value));
        Assert.Contains(grantId.ToString(), folded, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(readerId.ToString(), folded, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("grant.create", folded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reader_timeline_tells_audit_entries_in_the_audit_pages_words()
    {
        var email = $"timeline-{Guid.NewGuid():N}@example.test";
        var readerId = await app.AddReaderAsync(email);
        var admin = await app.AdminAsync();
        var lastDay = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(30);
        var until = new DateTimeOffset(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var grant = await AdminTestData.JsonAsync(await admin.PostAsJsonAsync($"/api/v1/admin/readers/{readerId}/grants",
            new { feature = "ad_free", until, reason = "Press partner" }));
        (await admin.DeleteAsync($"/api/v1/admin/grants/{grant.GetProperty("id").GetGuid()}")).EnsureSuccessStatusCode();

        var html = await admin.GetStringAsync($"/admin/readers/{readerId}");
        var start = html.IndexOf("id=\"timeline-heading\"", StringComparison.Ordinal);
        var timeline = html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
        var text = Readable(timeline);

        Assert.Contains($"{AdminApp.AdminEmail} gave {email} complimentary ad-free reading, last day {lastDay:yyyy-MM-dd}", text, StringComparison.Ordinal);
        Assert.Contains($"{AdminApp.AdminEmail} ended {email}’s complimentary ad-free reading", text, StringComparison.Ordinal);
        Assert.Contains("Reason Press partner", text, StringComparison.Ordinal);
        Assert.Contains($"Complimentary ad_free granted, last day {lastDay:yyyy-MM-dd}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("grant.create", text, StringComparison.Ordinal);
        Assert.DoesNotContain("+00:00", text, StringComparison.Ordinal);
        Assert.Contains("grant.create", string.Concat(FoldedIds().Matches(timeline).Select(m => m.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plan_change_lists_each_field_from_before_to_after_in_its_currency()
    {
        var key = $"audit-{Guid.NewGuid():N}"[..18];
        await app.WithDbAsync(db =>
        {
            db.Plans.Add(new Plan { Key = key, Name = "Before", Amount = 500, Currency = "eur", CreatedAt = app.Clock.GetUtcNow(), UpdatedAt = app.Clock.GetUtcNow() });
            return db.SaveChangesAsync();
        });
        var admin = await app.AdminAsync();
        (await admin.PatchAsJsonAsync($"/api/v1/admin/plans/{key}", new { name = "After", trialDays = 14, features = Array.Empty<string>() })).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/v1/admin/plans/{key}/archive", null)).EnsureSuccessStatusCode();

        var text = Readable(await admin.GetStringAsync("/admin/audit"));

        Assert.Contains($"{AdminApp.AdminEmail} changed the plan “After”", text, StringComparison.Ordinal);
        Assert.Contains("Name Before → After", text, StringComparison.Ordinal);
        Assert.Contains("Trial days 0 → 14", text, StringComparison.Ordinal);
        Assert.Contains("Features ad_free → none", text, StringComparison.Ordinal);
        Assert.Contains($"{AdminApp.AdminEmail} archived the plan “After”: it is no longer sold, its subscribers keep it", text, StringComparison.Ordinal);
        Assert.DoesNotContain("{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("[", text, StringComparison.Ordinal);
    }
}
