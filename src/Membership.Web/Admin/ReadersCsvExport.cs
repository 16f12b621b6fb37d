using System.Globalization;
using System.Text;
using Membership.Web.Entitlements;
using Membership.Web.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Membership.Web.Admin;

/// <summary>
/// Every reader with status and plan (of the subscription their access rests on, as the policy picks it) as CSV, written row by row as the database returns them: memory
/// stays flat however many readers there are, and the download starts at once.
/// </summary>
public sealed class ReadersCsvExport(NpgsqlDataSource dataSource, TimeProvider time, IOptions<MembershipOptions> membership)
{
    public const string Header = "id,email,display_name,created_at,email_confirmed,status,plan,complimentary,stripe_customer_id";

    public async Task WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), bufferSize: 64 * 1024);
        await writer.WriteAsync(Header + "\n");

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // A whole-table query passes PostgreSQL's JIT threshold, and compiling it held back the first row
        // by half a second; a plain scan streamed row by row gains nothing from it.
        await using (var noJit = new NpgsqlCommand("SET LOCAL jit = off", connection, transaction))
            await noJit.ExecuteNonQueryAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT r.id, r.email, r.display_name, r.created_at, r.email_confirmed, s.status, s.plan_key,
                   EXISTS (SELECT 1 FROM grants g WHERE g.reader_id = r.id AND {AccessRulesSql.GrantInEffect("g", "$1")}),
                   r.stripe_customer_id
            FROM readers r
            LEFT JOIN LATERAL (
                SELECT x.status, x.plan_key FROM subscriptions x WHERE x.reader_id = r.id
                ORDER BY {AccessRulesSql.GrantsAccess("x", "$2", "$1")} DESC, x.created_at DESC, x.stripe_subscription_id LIMIT 1) s ON true
            """, connection, transaction)
        {
            // The export runs as long as the download does; a slow client must not cut it off.
            CommandTimeout = 0,
            Parameters = { new() { Value = time.GetUtcNow() }, new() { Value = TimeSpan.FromDays(membership.Value.GracePeriodDays) } },
        };
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        var line = new StringBuilder(256);
        while (await reader.ReadAsync(cancellationToken))
        {
            line.Clear()
                .Append(reader.GetGuid(0).ToString()).Append(',')
                .Append(CsvCell.Escape(reader.IsDBNull(1) ? null : reader.GetString(1))).Append(',')
                .Append(CsvCell.Escape(reader.IsDBNull(2) ? null : reader.GetString(2))).Append(',')
                .Append(reader.GetFieldValue<DateTimeOffset>(3).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(',')
                .Append(reader.GetBoolean(4) ? "true" : "false").Append(',')
                .Append(reader.IsDBNull(5) ? "none" : CsvCell.Escape(reader.GetString(5))).Append(',')
                .Append(CsvCell.Escape(reader.IsDBNull(6) ? null : reader.GetString(6))).Append(',')
                .Append(reader.GetBoolean(7) ? "true" : "false").Append(',')
                .Append(CsvCell.Escape(reader.IsDBNull(8) ? null : reader.GetString(8))).Append('\n');
            await writer.WriteAsync(line, cancellationToken);
        }
    }
}
