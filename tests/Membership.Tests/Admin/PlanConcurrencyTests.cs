using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Membership.Tests.Infrastructure;
using Membership.Web.Plans;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Admin;

/// <summary>Optimistic concurrency on plan edits: the ETag / If-Match of the API and the edit page's hidden version.</summary>
public sealed partial class PlanConcurrencyTests(AdminApp app) : IClassFixture<AdminApp>
{
    private async Task<string> AddPlanAsync()
    {
        var key = $"cc-{Guid.NewGuid():N}"[..18];
        await app.WithDbAsync(db =>
        {
            db.Plans.Add(new Plan { Key = key, Name = "Before", Amount = 500, CreatedAt = app.Clock.GetUtcNow(), UpdatedAt = app.Clock.GetUtcNow() });
            return db.SaveChangesAsync();
        });
        return key;
    }

    private Task<Plan> PlanAsync(string key) => app.WithDbAsync(db => db.Plans.AsNoTracking().FirstAsync(p => p.Key == key));

    private static HttpRequestMessage Patch(string key, object body, params string[] ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/admin/plans/{key}") { Content = JsonContent.Create(body) };
        if (ifMatch.Length > 0)
            request.Headers.TryAddWithoutValidation("If-Match", string.Join(", ", ifMatch));
        return request;
    }

    [Fact]
    public async Task A_change_made_with_the_ETag_read_saves_and_gives_the_new_ETag()
    {
        var key = await AddPlanAsync();
        var admin = await app.AdminAsync();

        var read = await admin.GetAsync($"/api/v1/admin/plans/{key}");
        var etag = read.Headers.ETag;
        var changed = await admin.SendAsync(Patch(key, new { trialDays = 7 }, etag!.Tag));

        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotNull(changed.Headers.ETag);
        Assert.NotEqual(etag.Tag, changed.Headers.ETag!.Tag);
        var again = await admin.GetAsync($"/api/v1/admin/plans/{key}");
        Assert.Equal(changed.Headers.ETag.Tag, again.Headers.ETag!.Tag);
        Assert.Equal(7, (await PlanAsync(key)).TrialDays);
    }

    [Fact]
    public async Task A_change_over_a_stale_ETag_gets_a_412_problem_and_changes_nothing()
    {
        var key = await AddPlanAsync();
        var admin = await app.AdminAsync();
        var stale = (await admin.GetAsync($"/api/v1/admin/plans/{key}")).Headers.ETag!.Tag;
        var other = await admin.SendAsync(Patch(key, new { name = "Someone else's" }));

        var refused = await admin.SendAsync(Patch(key, new { name = "Mine", trialDays = 3 }, stale));
        var weak = await admin.SendAsync(Patch(key, new { name = "Mine" }, "W/" + other.Headers.ETag!.Tag));
        var notOurs = await admin.SendAsync(Patch(key, new { name = "Mine" }, "\"not-a-version\""));

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("changed by someone else", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.PreconditionFailed, weak.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, notOurs.StatusCode);
        var plan = await PlanAsync(key);
        Assert.Equal(("Someone else's", 0), (plan.Name, plan.TrialDays));
        Assert.Equal(["plan.update"], await app.AuditActionsAsync(target: key));
    }

    [Fact]
    public async Task Any_of_several_tags_or_a_star_matches_and_no_If_Match_changes_as_before()
    {
        var key = await AddPlanAsync();
        var admin = await app.AdminAsync();
        var current = (await admin.GetAsync($"/api/v1/admin/plans/{key}")).Headers.ETag!.Tag;

        var listed = await admin.SendAsync(Patch(key, new { trialDays = 1 }, "\"1\"", current));
        var star = await admin.SendAsync(Patch(key, new { trialDays = 2 }, "*"));
        var none = await admin.SendAsync(Patch(key, new { trialDays = 3 }));
        var archive = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/admin/plans/{key}/archive");
        archive.Headers.TryAddWithoutValidation("If-Match", current);
        var archiveStale = await admin.SendAsync(archive);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { listed.StatusCode, star.StatusCode, none.StatusCode });
        Assert.Equal(HttpStatusCode.PreconditionFailed, archiveStale.StatusCode);
        var plan = await PlanAsync(key);
        Assert.Equal((3, false), (plan.TrialDays, plan.Archived));
    }

    [Fact]
    public async Task Of_simultaneous_changes_over_one_ETag_exactly_one_is_saved()
    {
        var key = await AddPlanAsync();
        var admin = await app.AdminAsync();
        var etag = (await admin.GetAsync($"/api/v1/admin/plans/{key}")).Headers.ETag!.Tag;

        // Each either sees the newer version at once, or passes that check and loses at the UPDATE, which names the version read.
        var responses = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => admin.SendAsync(Patch(key, new { trialDays = i }, etag))));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.PreconditionFailed));
        var winner = responses.Single(r => r.IsSuccessStatusCode);
        var body = await AdminTestData.JsonAsync(winner);
        Assert.Equal(body.GetProperty("trialDays").GetInt32(), (await PlanAsync(key)).TrialDays);
        Assert.Equal(["plan.update"], await app.AuditActionsAsync(target: key));
    }

    [GeneratedRegex("""name="Input.Version" value="(\d+)"|value="(\d+)"[^>]*name="Input.Version"|id="Input_Version" name="Input.Version" value="(\d+)" """)]
    private static partial Regex VersionField();

    private static string VersionOn(string page)
    {
        var match = VersionField().Match(page);
        Assert.True(match.Success, "The edit page has no hidden version field.");
        return match.Groups.Values.Skip(1).First(g => g.Success).Value;
    }

    private static Dictionary<string, string> Form(string name, string version, string trialDays = "0") => new()
    {
        ["Input.Name"] = name,
        ["Input.Description"] = "",
        ["Input.Amount"] = "5.00",
        ["Input.Currency"] = "usd",
        ["Input.Interval"] = "month",
        ["Input.TrialDays"] = trialDays,
        ["Input.Features"] = "ad_free",
        ["Input.Version"] = version,
    };

    [Fact]
    public async Task The_edit_page_refuses_a_save_over_a_change_made_meanwhile_says_so_and_saves_when_sent_again()
    {
        var key = await AddPlanAsync();
        var admin = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await admin.SignInAsync(AdminApp.AdminEmail, AdminApp.AdminPassword);
        var opened = VersionOn(await admin.GetStringAsync($"/admin/plans/{key}"));
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(Patch(key, new { name = "Renamed meanwhile" }))).StatusCode);

        var refused = await admin.PostFormAsync($"/admin/plans/{key}", $"/admin/plans/{key}?handler=Save", Form("Mine", opened, trialDays: "9"));
        var page = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Contains("Someone else changed Renamed meanwhile after you opened this page, so your changes were not saved.", page, StringComparison.Ordinal);
        Assert.Contains("Name is now “Renamed meanwhile”; your form says “Mine”.", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("value=\"Mine\"", page, StringComparison.Ordinal);
        var plan = await PlanAsync(key);
        Assert.Equal(("Renamed meanwhile", 0), (plan.Name, plan.TrialDays));
        var offered = VersionOn(page);
        Assert.NotEqual(opened, offered);
        Assert.Equal(plan.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), offered);

        var saved = await admin.PostFormAsync($"/admin/plans/{key}", $"/admin/plans/{key}?handler=Save", Form("Mine", offered, trialDays: "9"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(("Mine", 9), ((await PlanAsync(key)).Name, (await PlanAsync(key)).TrialDays));
    }
}
