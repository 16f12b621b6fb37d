using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.BrowserTests.Infrastructure;
using Membership.Tests.Infrastructure;
using Membership.Web.AdminActions;
using Membership.Web.Billing;
using Membership.Web.Entitlements;
using Microsoft.Playwright;

namespace Membership.BrowserTests;

/// <summary>
/// Every admin page at a phone's width (390 px) and a laptop's (1280 px): nothing may be wider than the
/// screen (a table scrolls inside its own box instead), and each page is saved as a screenshot under
/// TestResults/screenshots/admin/ (not committed) for a person to look at. The dashboard's chart text must read at
/// 11 px or more as drawn on screen.
/// </summary>
public sealed class AdminPhoneLayoutTests(AdminPhoneLayoutTests.App app) : IClassFixture<AdminPhoneLayoutTests.App>
{
    public sealed class App : BrowserApp
    {
        public const string AdminEmail = "admin@example.test";
        public const string AdminPassword = "Admin-Password-123";

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Membership:Bootstrap:AdminEmail"] = AdminEmail,
            ["Membership:Bootstrap:AdminPassword"] = AdminPassword,
            ["Billing:SyncCatalogAtStart"] = "false",
            ["Billing:ScheduledSync"] = "false",
            ["Billing:ProcessEvents"] = "false",
        };
    }

    public static TheoryData<int, int> Widths => new() { { 390, 844 }, { 1280, 800 } };

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task No_admin_page_is_wider_than_the_screen(int width, int height)
    {
        var readerId = await SeedReaderWithHistoryAsync();
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        var signIn = await page.Context.APIRequest.PostAsync("/api/v1/account/login?useCookies=true",
            new APIRequestContextOptions { DataObject = new { email = App.AdminEmail, password = App.AdminPassword } });
        Assert.True(signIn.Ok, $"Sign-in failed: {signIn.Status}");

        (string Url, string Shot)[] pages =
        [
            ("/admin", "dashboard"),
            ("/admin/readers?query=wide", "readers"),
            ($"/admin/readers/{readerId}", "reader-detail"),
            ("/admin/grants", "grants"),
            ("/admin/plans", "plans"),
            ("/admin/plans/wide-monthly", "plan-edit"),
            ("/admin/events", "events"),
            ("/admin/keys", "keys"),
            ("/admin/audit", "audit"),
            ("/admin/leaks", "leaks"),
            ("/admin/imports", "imports"),
        ];
        var overflowing = new List<string>();
        List<ChartText> chartText = [];
        foreach (var (url, shot) in pages)
        {
            var response = await page.GotoAsync(url);
            if (response!.Status != 200)
            {
                overflowing.Add($"{url}: answered {response.Status}");
                continue;
            }
            var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            if (scrollWidth > width)
                overflowing.Add($"{url}: {scrollWidth} px on a {width} px screen; widest: {await WidestElementAsync(page, width)}");
            await BrowserApp.ScreenshotAsync(page, Path.Combine("admin", $"{shot}-{width}x{height}"));
            if (shot == "dashboard")
                chartText = await ChartTextSizesAsync(page);
        }
        Assert.True(overflowing.Count == 0, string.Join(Environment.NewLine, overflowing));
        // Every chart's text, as rendered (its font size times the drawing's scale on screen), is at least 11 px.
        Assert.NotEmpty(chartText);
        var tooSmall = chartText.Where(t => t.Px < 11).Select(t => $"{t.Chart}: “{t.Text}” at {t.Px:0.0} px").ToList();
        Assert.True(tooSmall.Count == 0, string.Join(Environment.NewLine, tooSmall));
    }

    private sealed record ChartText(string Chart, string Text, double Px);

    /// <summary>The text of every chart shown (not hidden for this width), at the size it is drawn on screen.</summary>
    private static async Task<List<ChartText>> ChartTextSizesAsync(IPage page) => [.. (await page.EvaluateAsync<JsonElement>(
        """
        () => [...document.querySelectorAll('svg.chart')].filter(svg => svg.getBoundingClientRect().width > 0).flatMap(svg => {
          const scale = svg.getScreenCTM().a;
          return [...svg.querySelectorAll('text')].map(t => ({ chart: svg.id, text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale }));
        })
        """)).EnumerateArray().Select(t => new ChartText(t.GetProperty("chart").GetString() ?? "", t.GetProperty("text").GetString() ?? "", t.GetProperty("px").GetDouble()))];

    /// <summary>The outermost element sticking out past the screen's right edge, to say what to fix.</summary>
    private static Task<string> WidestElementAsync(IPage page, int width) => page.EvaluateAsync<string>(
        """
        (width) => {
          const out = [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > width + 0.5);
          const outer = out.filter(e => !out.includes(e.parentElement));
          return outer.slice(0, 3).map(e => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`).join(', ');
        }
        """, width);

    /// <summary>A reader with a long email, a subscription, grants, events and audit lines: the data that stretches pages.</summary>
    private async Task<Guid> SeedReaderWithHistoryAsync()
    {
        var email = $"wide-reader-with-a-rather-long-address-{Guid.NewGuid():N}@example.test";
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(app.BaseUrl) };
        (await client.PostAsJsonAsync("/api/v1/account/register", new { email, password = "Correct-Horse-9" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/v1/account/login?useCookies=true", new { email, password = "Correct-Horse-9" })).EnsureSuccessStatusCode();
        using var me = JsonDocument.Parse(await client.GetStringAsync("/api/v1/me"));
        var readerId = me.RootElement.GetProperty("id").GetGuid();
        var now = DateTimeOffset.UtcNow;
        await using var db = TestDatabase.CreateContext(app.Database.ConnectionString);
        if (!db.Plans.Any(p => p.Key == "wide-monthly"))
            db.Plans.Add(new Web.Plans.Plan { Key = "wide-monthly", Name = "Wide Monthly With A Long Name", Amount = 450, Currency = "eur", TrialDays = 7, CreatedAt = now, UpdatedAt = now });
        db.Subscriptions.Add(new MemberSubscription
        {
            StripeSubscriptionId = $"sub_{Guid.NewGuid():N}",
            ReaderId = readerId,
            StripeCustomerId = $"cus_{Guid.NewGuid():N}",
            PlanKey = "adfree-monthly",
            Status = "active",
            CurrentPeriodEnd = now.AddDays(20),
            CancelAtPeriodEnd = true,
            CreatedAt = now.AddDays(-10),
            UpdatedAt = now,
        });
        db.SubscriptionHistory.Add(new SubscriptionHistoryEntry { ReaderId = readerId, Change = "status", To = "active", Cause = "customer.subscription.updated", OccurredAt = now.AddDays(-3) });
        db.Grants.Add(new ComplimentaryGrant { ReaderId = readerId, Feature = "ad_free", StartsAt = now, Until = now.AddDays(5), Reason = "Press partner for the spring campaign", CreatedBy = App.AdminEmail, CreatedAt = now });
        db.StripeEvents.Add(new StripeEventRecord
        {
            Id = $"evt_{Guid.NewGuid():N}",
            Type = "customer.subscription.trial_will_end",
            Payload = "{}",
            ReceivedAt = now,
            NextAttemptAt = now,
            Status = StripeEventStatus.Failed,
            Attempts = 10,
            LastError = "A rather long error message that goes on and on about what went wrong with this event.",
            ReaderId = readerId,
        });
        db.AuditLog.Add(new AuditEntry
        {
            Actor = App.AdminEmail,
            Action = "grant.created",
            ReaderId = readerId,
            Target = Guid.NewGuid().ToString(),
            Details = """{"feature":"ad_free","until":"2027-03-02T00:00:00+00:00","reason":"Press partner for the spring campaign"}""",
            OccurredAt = now,
        });
        await db.SaveChangesAsync();
        return readerId;
    }
}
