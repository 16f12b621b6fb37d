using Npgsql;

namespace Membership.Web.Rights;

/// <summary>
/// Records a <see cref="LegalNotice"/> before it is mailed: true when this call recorded it, false when it
/// was recorded already (by another run or instance), so each notice is mailed once.
/// </summary>
public static class LegalNoticeRecords
{
    private const string RecordSql = """
        INSERT INTO legal_notices (reader_id, stripe_subscription_id, kind, subject, email, sent_at)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (kind, stripe_subscription_id, subject) DO NOTHING
        RETURNING id
        """;

    public static async Task<bool> TryRecordAsync(NpgsqlDataSource dataSource, string kind, Guid readerId, string subscriptionId, string subject,
        string email, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        await using var record = dataSource.CreateCommand(RecordSql);
        record.Parameters.Add(new() { Value = readerId });
        record.Parameters.Add(new() { Value = subscriptionId });
        record.Parameters.Add(new() { Value = kind });
        record.Parameters.Add(new() { Value = subject });
        record.Parameters.Add(new() { Value = email });
        record.Parameters.Add(new() { Value = sentAt });
        return await record.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
