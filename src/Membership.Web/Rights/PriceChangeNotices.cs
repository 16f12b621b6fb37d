using Membership.Web.Billing;
using Membership.Web.Entitlements;
using Npgsql;
using Stripe;

namespace Membership.Web.Rights;

/// <summary>
/// Carries out the admins' "move" choices (<see cref="PriceChangeDecisions"/>): first a notice to each subscriber on
/// the older price, recorded in <c>legal_notices</c> before it is mailed (unique per subscription and change, so it
/// goes once however many instances run); then, once the notice's days have passed, the subscription's price moves
/// in Stripe without proration, so the new amount is charged from the next renewal on and never earlier.
/// </summary>
public sealed class PriceChangeNotices(NpgsqlDataSource dataSource, StripeClient stripe, SubscriptionSync sync, RightsMail mail, TimeProvider time,
    ILogger<PriceChangeNotices> logger)
{
    private const string Live = $"s.status IN {StripeSubscriptionStatuses.MayGrantAccessSql} AND NOT s.cancel_at_period_end AND s.cancel_at IS NULL";

    private const string DueNoticesSql = $"""
        SELECT c.from_price_id || '>' || c.to_price_id, s.stripe_subscription_id, s.reader_id, r.email, coalesce(p.name, c.plan_key),
               pf.amount, pt.amount, pt.currency, pt.interval, c.notice_days
        FROM price_changes c
        JOIN subscriptions s ON s.stripe_price_id = c.from_price_id
        JOIN readers r ON r.id = s.reader_id
        JOIN plan_prices pf ON pf.stripe_price_id = c.from_price_id
        JOIN plan_prices pt ON pt.stripe_price_id = c.to_price_id
        LEFT JOIN plans p ON p.key = c.plan_key
        WHERE c.existing_subscribers = 'move' AND {Live} AND r.email IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM legal_notices n WHERE n.kind = 'price_change'
                          AND n.stripe_subscription_id = s.stripe_subscription_id AND n.subject = c.from_price_id || '>' || c.to_price_id)
        LIMIT 500
        """;


    // Noticed at least notice_days ago, and still on the older price.
    private const string DueMovesSql = $"""
        SELECT s.stripe_subscription_id, s.stripe_customer_id, c.from_price_id, c.to_price_id
        FROM price_changes c
        JOIN subscriptions s ON s.stripe_price_id = c.from_price_id
        JOIN legal_notices n ON n.kind = 'price_change' AND n.stripe_subscription_id = s.stripe_subscription_id
                            AND n.subject = c.from_price_id || '>' || c.to_price_id
        WHERE c.existing_subscribers = 'move' AND {Live} AND n.sent_at <= $1 - make_interval(days => c.notice_days)
        LIMIT 500
        """;

    /// <summary>Sends the notices now due, then moves the subscriptions whose notice has run its days.</summary>
    public async Task<(int Notices, int Moves)> RunDueAsync(CancellationToken cancellationToken)
    {
        var notices = await SendNoticesAsync(cancellationToken);
        var moves = await MoveAsync(cancellationToken);
        if (notices + moves > 0)
            logger.LogInformation("Price changes: {Notices} notice(s) sent, {Moves} subscription(s) moved", notices, moves);
        return (notices, moves);
    }

    private async Task<int> SendNoticesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = new List<(string Subject, string SubscriptionId, Guid ReaderId, string Email, string Plan, long From, long To, string Currency, string Interval, int Days)>();
        await using (var command = dataSource.CreateCommand(DueNoticesSql))
        await using (var rows = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await rows.ReadAsync(cancellationToken))
                due.Add((rows.GetString(0), rows.GetString(1), rows.GetGuid(2), rows.GetString(3), rows.GetString(4),
                    rows.GetInt64(5), rows.GetInt64(6), rows.GetString(7), rows.GetString(8), rows.GetInt32(9)));
        }
        var sent = 0;
        foreach (var notice in due)
        {
            if (!await LegalNoticeRecords.TryRecordAsync(dataSource, LegalNotice.PriceChange, notice.ReaderId, notice.SubscriptionId, notice.Subject, notice.Email, now, cancellationToken))
                continue;
            mail.PriceChange(notice.Email, notice.Plan, notice.From, notice.To, notice.Currency, notice.Interval, now.AddDays(notice.Days));
            sent++;
        }
        return sent;
    }

    private async Task<int> MoveAsync(CancellationToken cancellationToken)
    {
        var due = new List<(string SubscriptionId, string CustomerId, string From, string To)>();
        await using (var command = dataSource.CreateCommand(DueMovesSql))
        {
            command.Parameters.Add(new() { Value = time.GetUtcNow() });
            await using var rows = await command.ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
                due.Add((rows.GetString(0), rows.GetString(1), rows.GetString(2), rows.GetString(3)));
        }
        var moved = 0;
        foreach (var move in due)
        {
            var current = await stripe.V1.Subscriptions.GetAsync(move.SubscriptionId, cancellationToken: cancellationToken);
            if (current.Items.Data.FirstOrDefault(i => i.Price.Id == move.From) is { } item)
            {
                // No proration: the period already paid stays at the old amount; the next renewal charges the new one.
                await stripe.V1.Subscriptions.UpdateAsync(move.SubscriptionId, new SubscriptionUpdateOptions
                {
                    Items = [new SubscriptionItemOptions { Id = item.Id, Price = move.To }],
                    ProrationBehavior = "none",
                }, new RequestOptions { IdempotencyKey = $"price-move-{move.SubscriptionId}-{move.To}" }, cancellationToken);
                moved++;
            }
            await sync.SyncSubscriptionAsync(move.SubscriptionId, move.CustomerId, "price moved after the notice of a price change", cancellationToken);
        }
        return moved;
    }
}
