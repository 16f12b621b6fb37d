using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Accounts;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Hosting;

/// <summary>
/// docs/house-rules.md: an error reaches the log as one line (what failed, where), never with a stack
/// trace or SQL, and the caller gets a problem. Stripe is unreachable in this app (AccountsApp).
/// </summary>
public sealed class ErrorLoggingTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    [Fact]
    public async Task A_checkout_while_Stripe_is_unreachable_is_a_503_problem_logged_in_one_line_without_a_stack_trace()
    {
        var plan = await app.AddPlanAsync();
        var reader = await app.RegisterAndSignInAsync();
        var before = app.Logs.Lines.Count;

        var response = await reader.PostAsJsonAsync("/api/v1/me/checkout", new { planKey = plan });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Payment provider unavailable", problem.GetProperty("title").GetString());
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        var logged = LinesSince(before);
        AssertNoStackTraceOrSql(logged);
        Assert.Contains(logged, line => line.Contains("POST /api/v1/me/checkout", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_query_is_a_500_problem_logged_without_SQL_or_a_stack_trace()
    {
        var before = app.Logs.Lines.Count;
        await ExecuteAsync("ALTER TABLE plans RENAME TO plans_away");
        HttpResponseMessage response;
        try
        {
            response = await app.CreateClient().GetAsync(new Uri("/?campaign=spring", UriKind.Relative));
        }
        finally
        {
            await ExecuteAsync("ALTER TABLE plans_away RENAME TO plans");
        }

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var logged = LinesSince(before);
        AssertNoStackTraceOrSql(logged);
        var line = Assert.Single(logged, line => line.Contains("GET /:", StringComparison.Ordinal));
        Assert.Contains("PostgresException", line, StringComparison.Ordinal);
        Assert.DoesNotContain("campaign", line, StringComparison.Ordinal); // no query string
        Assert.DoesNotContain('\n', line.TrimEnd());
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_save_is_a_500_problem_logged_without_SQL_or_a_stack_trace()
    {
        var email = AccountFixtures.NewEmail();
        var before = app.Logs.Lines.Count;
        await ExecuteAsync("""
            CREATE FUNCTION refuse_readers() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no new readers today'; END $$;
            CREATE TRIGGER refuse_readers BEFORE INSERT ON readers FOR EACH ROW EXECUTE FUNCTION refuse_readers();
            """);
        HttpResponseMessage response;
        try
        {
            var client = app.CreateClient();
            client.DefaultRequestHeaders.Add(AccountsApp.ClientAddressHeader, AccountFixtures.SomeAddress());
            response = await client.PostAsJsonAsync("/api/v1/account/register", new { email, password = Readers.Password });
        }
        finally
        {
            await ExecuteAsync("DROP TRIGGER refuse_readers ON readers; DROP FUNCTION refuse_readers();");
        }

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await app.CountReadersAsync(email));
        var logged = LinesSince(before);
        AssertNoStackTraceOrSql(logged);
        Assert.Contains(logged, line => line.Contains("DbUpdateException on POST /api/v1/account/register", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, line => line.Contains(email, StringComparison.Ordinal));
    }

    private List<string> LinesSince(int count) => app.Logs.Lines.Skip(count).ToList();

    private static void AssertNoStackTraceOrSql(List<string> lines)
    {
        Assert.DoesNotContain(lines, line => line.Contains("   at ", StringComparison.Ordinal));
        foreach (var sql in new[] { "SELECT", "INSERT", "UPDATE ", "FROM " })
            Assert.DoesNotContain(lines, line => line.Contains(sql, StringComparison.Ordinal));
    }

    private Task<int> ExecuteAsync(string sql) => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql));
}
