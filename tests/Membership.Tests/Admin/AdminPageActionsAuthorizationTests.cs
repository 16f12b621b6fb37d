using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Security.Cryptography;
using Membership.Tests.Infrastructure;
using Membership.Web.ApiKeys;
using Membership.Web.Billing;
using Membership.Web.Entitlements;
using Membership.Web.Plans;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Admin;

/// <summary>
/// The admin pages' form posts, as a signed-out visitor and a reader: refused the way the pages' GETs
/// are, and nothing changes. Each carries a valid antiforgery token, so what refuses it is the
/// authorization, not a missing token. An admin's same post goes through, so the forms are real.
/// </summary>
public sealed class AdminPageActionsAuthorizationTests(AdminApp app) : IClassFixture<AdminApp>
{
    /// <summary>The handler's URL ({reader}, {grant}, {plan}, {archived}, {key}, {event} filled in), its form, and the audit rows an admin's post writes.</summary>
    public static readonly TheoryData<string, string, int> Actions = new()
    {
        { "/admin/readers/{reader}?handler=Grant", "Grant.Reason=matrix", 1 },
        { "/admin/readers/{reader}?handler=EndGrant&grantId={grant}", "", 1 },
        { "/admin/readers/{reader}?handler=Sync", "", 1 },
        // Stripe is unreachable in this fixture: an admin's plan creation is let in and fails there, changing nothing.
        { "/admin/plans?handler=Create", "Input.Key=matrix-new&Input.Name=New&Input.Amount=2.00&Input.Currency=usd&Input.Interval=month&Input.Features=ad_free", 0 },
        { "/admin/plans/{plan}?handler=Save", "Input.Name=Renamed&Input.Amount=1.00&Input.Currency=usd&Input.Interval=month&Input.TrialDays=3&Input.Features=ad_free", 1 },
        { "/admin/plans/{plan}?handler=Archive", "", 1 },
        { "/admin/plans/{archived}?handler=Unarchive", "", 1 },
        // The plan has no older price: an admin's choice is let in and refused there ("no one to move or keep"), changing nothing.
        { "/admin/plans/{plan}?handler=PriceChange", "existing=grandfather", 0 },
        { "/admin/keys?handler=Create", "Input.Name=matrix&Input.Kind=site", 1 },
        { "/admin/keys?handler=Revoke&id={key}", "", 1 },
        { "/admin/events?handler=Replay&eventId={event}", "", 1 },
        { "/admin/grants?handler=Review", "ids={grant}", 0 },
        { "/admin/grants?handler=End", "ids={grant}", 1 },
        // Stripe is unreachable in this fixture: the job is started (and audited) and fails in the background.
        { "/admin/imports?handler=Stripe", "dryRun=true", 1 },
        // No file: the page says so and nothing starts.
        { "/admin/imports?handler=Csv", "dryRun=true", 0 },
        { "/admin/imports?handler=Apply", "id=00000000-0000-0000-0000-00000000f404", 0 },
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Signed_out_posts_are_sent_to_sign_in_and_change_nothing(string action, string form, int adminAudits)
    {
        _ = adminAudits;
        var visitor = NoRedirects();
        var (url, fields) = await PrepareAsync(action, form);
        var before = await StateAsync();

        var response = await visitor.PostFormAsync("/account/login", url, fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath, ignoreCase: true);
        Assert.Equal(before, await StateAsync());
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Readers_posts_are_refused_and_change_nothing(string action, string form, int adminAudits)
    {
        _ = adminAudits;
        var reader = NoRedirects();
        var email = $"reader-{Guid.NewGuid():N}@example.test";
        (await reader.PostAsJsonAsync("/api/v1/account/register", new { email, password = Readers.Password })).EnsureSuccessStatusCode();
        await reader.SignInAsync(email, Readers.Password);
        var (url, fields) = await PrepareAsync(action, form);
        var before = await StateAsync();

        var response = await reader.PostFormAsync("/account", url, fields);

        // As for the pages' GETs: to the access-denied page, which answers 403.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/access-denied", response.Headers.Location!.AbsolutePath, ignoreCase: true);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync(response.Headers.Location)).StatusCode);
        Assert.Equal(before, await StateAsync());
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task An_admins_post_goes_through(string action, string form, int adminAudits)
    {
        var admin = NoRedirects();
        await admin.SignInAsync(AdminApp.AdminEmail, AdminApp.AdminPassword);
        var (url, fields) = await PrepareAsync(action, form);
        var audits = await app.WithDbAsync(db => db.AuditLog.CountAsync());

        var response = await admin.PostFormAsync("/admin", url, fields);

        Assert.DoesNotContain(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.BadRequest });
        Assert.DoesNotContain("/account/", response.Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Equal(audits + adminAudits, await app.WithDbAsync(db => db.AuditLog.CountAsync()));
    }

    [Fact]
    public void Every_admin_page_handler_is_in_the_matrix()
    {
        // "readers:Grant" from "/admin/readers/{reader}?handler=Grant" and from Pages.Admin.Readers.DetailModel.OnPostGrantAsync.
        var listed = Actions.Select(a => (string)a[0]).Select(url => $"{url.Split('/')[2].Split('?')[0]}:{url.Split("handler=")[1].Split('&')[0]}").ToHashSet();
        var handlers = typeof(Web.Pages.Admin.AdminPageModel).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Microsoft.AspNetCore.Mvc.RazorPages.PageModel)) && t.Namespace?.StartsWith("Membership.Web.Pages.Admin", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal))
                .Select(m => $"{Folder(t.Namespace!)}:{m.Name["OnPost".Length..].Replace("Async", "", StringComparison.Ordinal)}"))
            .ToHashSet();

        Assert.NotEmpty(handlers);
        Assert.Empty(handlers.Except(listed));
    }

    /// <summary>The URL segment of a page folder ("Importing" is served at /admin/imports: "Imports" is a reserved word to the analyser).</summary>
    private static string Folder(string pageNamespace) => pageNamespace.Split('.')[^1].ToLowerInvariant() switch
    {
        "importing" => "imports",
        var folder => folder,
    };

    private HttpClient NoRedirects() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static Dictionary<string, string> Fields(string form) =>
        form.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    /// <summary>What any of the actions could change, as one comparable value.</summary>
    private Task<string> StateAsync() =>
        app.WithDbAsync(async db => string.Join(" | ",
            await db.AuditLog.CountAsync(),
            await db.Grants.CountAsync(), await db.Grants.CountAsync(g => g.EndedAt != null),
            await db.ApiKeys.CountAsync(), await db.ApiKeys.CountAsync(k => k.RevokedAt != null),
            string.Join(",", await db.Plans.OrderBy(p => p.Key).Select(p => p.Key + ":" + p.Name + ":" + p.Archived + ":" + p.TrialDays).ToListAsync()),
            string.Join(",", await db.StripeEvents.OrderBy(e => e.Id).Select(e => e.Id + ":" + e.Status + ":" + e.Attempts).ToListAsync())));

    /// <summary>The action's URL and form with the placeholders filled in from fresh rows.</summary>
    private async Task<(string Url, Dictionary<string, string> Fields)> PrepareAsync(string action, string form)
    {
        var reader = await app.AddReaderAsync($"page-matrix-{Guid.NewGuid():N}@example.test");
        var plan = $"matrix-{Guid.NewGuid():N}"[..20];
        var archived = $"matrix-{Guid.NewGuid():N}"[..20];
        var eventId = $"evt_{Guid.NewGuid():N}";
        var grant = Guid.NewGuid();
        var key = Guid.NewGuid();
        var now = app.Clock.GetUtcNow();
        await app.WithDbAsync(db =>
        {
            db.Plans.Add(new Plan { Key = plan, Name = "Matrix", Amount = 100, CreatedAt = now, UpdatedAt = now });
            db.Plans.Add(new Plan { Key = archived, Name = "Matrix old", Amount = 100, Archived = true, CreatedAt = now, UpdatedAt = now });
            db.StripeEvents.Add(new StripeEventRecord
            {
                Id = eventId,
                Type = "invoice.paid",
                Payload = "{}",
                ReceivedAt = now,
                NextAttemptAt = now,
                ReaderId = reader,
                Status = StripeEventStatus.Failed,
                Attempts = 10,
            });
            db.Grants.Add(new ComplimentaryGrant { Id = grant, ReaderId = reader, Feature = "ad_free", StartsAt = now, Reason = "matrix", CreatedAt = now });
            db.ApiKeys.Add(new ApiKey { Id = key, Name = "matrix", Prefix = "site_matrix", Hash = RandomNumberGenerator.GetBytes(32), CreatedAt = now });
            return db.SaveChangesAsync();
        });
        string Fill(string text) => text.Replace("{reader}", reader.ToString(), StringComparison.Ordinal).Replace("{plan}", plan, StringComparison.Ordinal)
            .Replace("{archived}", archived, StringComparison.Ordinal).Replace("{event}", eventId, StringComparison.Ordinal)
            .Replace("{grant}", grant.ToString(), StringComparison.Ordinal).Replace("{key}", key.ToString(), StringComparison.Ordinal);
        return (Fill(action), Fields(Fill(form)));
    }
}
