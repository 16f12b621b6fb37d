using System.Globalization;
using Membership.Web.Entitlements;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Membership.Web.Rights;

/// <summary>
/// The reminder before a yearly renewal (California's auto-renewal law): sent once per subscription and renewal
/// date, <see cref="LegalOptions.RenewalReminderDays"/> days ahead or less. The notice row is inserted first
/// (unique per subscription and renewal date, <c>ON CONFLICT DO NOTHING</c>), and only the instance whose insert
/// took sends the mail, so several instances and repeated runs never send it twice.
/// </summary>
public sealed class RenewalReminders(NpgsqlDataSource dataSource, RightsMail mail, IOptions<LegalOptions> legal, TimeProvider time, ILogger<RenewalReminders> logger)
{
    // Yearly by the price the subscription pays (plan_prices), else by its plan; renewing (not cancelling, not paused).
    private const string DueSql = $"""
        SELECT s.stripe_subscription_id, s.reader_id, r.email, s.current_period_end, coalesce(p.name, s.plan_key, 'membership'),
               coalesce(pp.amount, p.amount), coalesce(pp.currency, p.currency)
        FROM subscriptions s
        JOIN readers r ON r.id = s.reader_id
        LEFT JOIN plan_prices pp ON pp.stripe_price_id = s.stripe_price_id
        LEFT JOIN plans p ON p.key = s.plan_key
        WHERE s.status IN {StripeSubscriptionStatuses.RenewingSql} AND NOT s.cancel_at_period_end AND s.cancel_at IS NULL AND NOT s.collection_paused
          AND s.current_period_end > $1 AND s.current_period_end <= $2
          AND coalesce(pp.interval, p.interval) = 'year' AND r.email IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM legal_notices n WHERE n.kind = 'renewal_reminder'
                          AND n.stripe_subscription_id = s.stripe_subscription_id AND n.subject = to_char(s.current_period_end AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
        LIMIT 500
        """;


    /// <summary>Sends the reminders now due; returns how many were sent by this call.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var days = legal.Value.RenewalReminderDays;
        if (days <= 0)
            return 0;
        var now = time.GetUtcNow();
        var due = new List<(string SubscriptionId, Guid ReaderId, string Email, DateTimeOffset RenewsAt, string Plan, long? Amount, string? Currency)>();
        await using (var command = dataSource.CreateCommand(DueSql))
        {
            command.Parameters.Add(new() { Value = now });
            command.Parameters.Add(new() { Value = now.AddDays(days) });
            await using var rows = await command.ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
                due.Add((rows.GetString(0), rows.GetGuid(1), rows.GetString(2), rows.GetFieldValue<DateTimeOffset>(3), rows.GetString(4),
                    rows.IsDBNull(5) ? null : rows.GetInt64(5), rows.IsDBNull(6) ? null : rows.GetString(6)));
        }
        var sent = 0;
        foreach (var reminder in due)
        {
            if (!await LegalNoticeRecords.TryRecordAsync(dataSource, LegalNotice.RenewalReminder, reminder.ReaderId, reminder.SubscriptionId, Subject(reminder.RenewsAt), reminder.Email, now, cancellationToken))
                continue;
            mail.RenewalReminder(reminder.Email, reminder.Plan, reminder.RenewsAt, reminder.Amount, reminder.Currency);
            sent++;
        }
        if (sent > 0)
            logger.LogInformation("Sent {Count} renewal reminder(s)", sent);
        return sent;
    }

    /// <summary>The renewal a reminder is about, as recorded (UTC, to the second).</summary>
    public static string Subject(DateTimeOffset renewsAt) => renewsAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>
/// Runs <see cref="RenewalReminders"/> and <see cref="PriceChangeNotices"/> every <see cref="LegalOptions.NoticeInterval"/>
/// on the injected clock.
/// </summary>
public sealed class RenewalReminderWorker(RenewalReminders reminders, IServiceScopeFactory scopes, IOptions<LegalOptions> legal, TimeProvider time,
    ILogger<RenewalReminderWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = legal.Value.NoticeInterval;
        try
        {
            // Not at once: a fleet starting together need not all look at the same moment.
            await Task.Delay(TimeSpan.FromTicks(Math.Min(interval.Ticks, TimeSpan.FromMinutes(5).Ticks)), time, stoppingToken);
            using var timer = new PeriodicTimer(interval, time);
            do
            {
                try
                {
                    await reminders.SendDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError("Renewal reminders failed ({Error}); trying again in {Interval}", e.Message, interval);
                }
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<PriceChangeNotices>().RunDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError("Price-change notices failed ({Error}); trying again in {Interval}", e.Message, interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
