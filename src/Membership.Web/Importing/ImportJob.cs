namespace Membership.Web.Importing;

/// <summary>What an import did (or, in a dry run, would do) with one thing it read.</summary>
public static class ImportActions
{
    /// <summary>A reader was made for it.</summary>
    public const string Created = "created";

    /// <summary>An existing reader (matched by email, case-insensitive) was linked or given the grant.</summary>
    public const string Linked = "linked";

    /// <summary>Already there from an earlier import or checkout: nothing new (a rerun's usual answer).</summary>
    public const string Unchanged = "unchanged";

    /// <summary>Left alone on purpose; the reason says why.</summary>
    public const string Skipped = "skipped";

    /// <summary>A CSV row that cannot be read as a reader; the reason says what is wrong.</summary>
    public const string Invalid = "invalid";

    /// <summary>An error while applying it; the rest of the import went on.</summary>
    public const string Failed = "failed";

    public static readonly string[] All = [Created, Linked, Unchanged, Skipped, Invalid, Failed];
}

public static class ImportStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

public sealed record ImportCounts(int Created, int Linked, int Unchanged, int Skipped, int Invalid, int Failed);

/// <summary>One line of an import's report: a Stripe subscription (key <c>sub_…</c>) or a CSV row (key <c>row:N</c>).</summary>
public sealed record ImportReportLine(string Key, int? Row, string? Email, string? CustomerId, Guid? ReaderId, string Action, string? Reason);

/// <summary>
/// An import job as the API and the admin page show it. <see cref="Processed"/> counts what was handled so
/// far; <see cref="Total"/> is known up front for CSV only. <see cref="Applied"/> counts subscriptions
/// written through the billing sync (Stripe) or grants given (CSV); in a dry run, those that would be.
/// </summary>
public sealed record ImportJob(
    Guid Id, string Source, bool DryRun, string Status, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    string? CreatedBy, int? Total, int Processed, int Applied, ImportCounts Counts, string? Error,
    IReadOnlyList<ImportReportLine> Report, string? ReportNext);
