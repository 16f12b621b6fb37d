using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Membership.Web.AdLeaks;

/// <summary>
/// Counts gathered in memory per (UTC day, path) and written every <c>AdLeaks__FlushInterval</c> as one upsert per
/// pair, so a million member page views cost a handful of writes. A crash loses at most one interval of telemetry.
/// </summary>
public sealed class AdLeakTally(IServiceScopeFactory scopes, TimeProvider time, IOptions<AdLeaksOptions> options, ILogger<AdLeakTally> logger)
    : BackgroundService
{
    /// <summary>Distinct paths held between two writes; further paths of that interval count under one row.</summary>
    private const int MaxPendingPaths = 10_000;
    public const string OtherPaths = "(other paths)";

    private readonly Lock _gate = new();
    private Dictionary<(DateOnly Day, string Path), Counters> _pending = [];

    public void Add(AdLeakReport report)
    {
        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        lock (_gate)
        {
            var path = _pending.Count >= MaxPendingPaths && !_pending.ContainsKey((day, report.Path)) ? OtherPaths : report.Path;
            if (!_pending.TryGetValue((day, path), out var counters))
                _pending[(day, path)] = counters = new Counters();
            counters.Add(report);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FlushAsync(CancellationToken.None); // what was gathered since the last write
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Dictionary<(DateOnly Day, string Path), Counters> batch;
        lock (_gate)
        {
            batch = _pending;
            _pending = [];
        }
        if (batch.Count == 0)
            return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MembershipDbContext>();
            foreach (var ((day, path), c) in batch)
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"""
                    INSERT INTO ad_leak_counts (day, path, member_views, slot_leaks, request_leaks, consent_leaks)
                    VALUES ({day}, {path}, {c.Views}, {c.Slot}, {c.Request}, {c.Consent})
                    ON CONFLICT (day, path) DO UPDATE SET
                        member_views = ad_leak_counts.member_views + excluded.member_views,
                        slot_leaks = ad_leak_counts.slot_leaks + excluded.slot_leaks,
                        request_leaks = ad_leak_counts.request_leaks + excluded.request_leaks,
                        consent_leaks = ad_leak_counts.consent_leaks + excluded.consent_leaks
                    """, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Telemetry must never take the service down; the lost interval is logged so the gap is known.
            logger.LogWarning("Could not write {Count} ad-leak counts: {Error}", batch.Count, e.Message);
        }
    }

    private sealed class Counters
    {
        public long Views { get; private set; }
        public long Slot { get; private set; }
        public long Request { get; private set; }
        public long Consent { get; private set; }

        public void Add(AdLeakReport r)
        {
            Views += r.Views;
            Slot += r.SlotLeaks;
            Request += r.RequestLeaks;
            Consent += r.ConsentLeaks;
        }
    }
}
