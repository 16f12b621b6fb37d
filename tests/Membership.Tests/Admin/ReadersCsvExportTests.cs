using System.Text;
using Membership.Tests.Infrastructure;
using Membership.Web.Admin;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Admin;

public sealed class ReadersCsvExportTests(AdminApp app) : IClassFixture<AdminApp>
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("Smith, Jane", "\"Smith, Jane\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"http://evil.test\",\"click\")", "\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"click\"\")\"")]
    [InlineData("+1 555", "'+1 555")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tTab", "'\tTab")]
    [InlineData("", "")]
    public void Cells_are_escaped_and_formulas_neutralised(string value, string expected) => Assert.Equal(expected, CsvCell.Escape(value));

    [Fact]
    public async Task The_export_streams_every_reader_with_status_and_plan_safely_escaped()
    {
        var evil = await app.AddReaderAsync($"=cmd-{Guid.NewGuid():N}@example.test", "=HYPERLINK(\"http://evil.test\",\"x\"), \"quoted\"\nnext line");
        var plain = await app.AddReaderAsync($"plain-{Guid.NewGuid():N}@example.test", "Plain Reader");
        await app.WithDbAsync(db =>
        {
            db.Subscriptions.Add(new Web.Billing.MemberSubscription
            {
                StripeSubscriptionId = $"sub_{Guid.NewGuid():N}",
                ReaderId = plain,
                StripeCustomerId = "cus_csv",
                PlanKey = "adfree-yearly",
                Status = "past_due",
                CreatedAt = app.Clock.GetUtcNow(),
                UpdatedAt = app.Clock.GetUtcNow(),
            });
            return db.SaveChangesAsync();
        });
        var admin = await app.AdminAsync();

        using var response = await admin.GetAsync("/api/v1/admin/export/readers.csv", HttpCompletionOption.ResponseHeadersRead);

        response.EnsureSuccessStatusCode();
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("readers.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        // Streamed: the length is not known when the headers go out.
        Assert.Null(response.Content.Headers.ContentLength);
        var rows = ParseCsv(await response.Content.ReadAsStringAsync());
        Assert.Equal(ReadersCsvExport.Header.Split(','), rows[0]);
        Assert.Equal(await app.WithDbAsync(db => db.Users.CountAsync()), rows.Count - 1);
        var evilRow = rows.Single(r => r[0] == evil.ToString());
        Assert.StartsWith("'=cmd-", evilRow[1], StringComparison.Ordinal);
        Assert.Equal("'=HYPERLINK(\"http://evil.test\",\"x\"), \"quoted\"\nnext line", evilRow[2]);
        Assert.Equal(["none", ""], evilRow[5..7]);
        var plainRow = rows.Single(r => r[0] == plain.ToString());
        Assert.Equal(["Plain Reader", "past_due", "adfree-yearly"], new[] { plainRow[2], plainRow[5], plainRow[6] });
    }

    /// <summary>A strict RFC 4180 reader, independent of the code under test.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted && c == '"' && i + 1 < text.Length && text[i + 1] == '"')
            {
                cell.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (!quoted && c == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }
        Assert.False(quoted, "The CSV ends inside a quoted cell.");
        Assert.Empty(row);
        return rows;
    }
}
