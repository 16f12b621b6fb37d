using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Membership.Web.Data;

/// <summary>
/// The one way the service sends a PostgreSQL NOTIFY: <c>pg_notify(channel, payload)</c> with both as
/// parameters. Sent inside a transaction it is delivered on commit, to every instance's
/// <c>ChangeListener</c>; outside one, at once.
/// </summary>
public static class ChangeNotifier
{
    private const string Sql = "SELECT pg_notify($1, $2)";

    /// <summary>On the context's connection, so inside its current transaction if it has one.</summary>
    public static Task NotifyAsync(MembershipDbContext db, string channel, string payload, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_notify({channel}, {payload})", cancellationToken);

    /// <summary>On a pooled connection of its own, outside any transaction.</summary>
    public static async Task NotifyAsync(NpgsqlDataSource dataSource, string channel, string payload, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new() { Value = channel });
        command.Parameters.Add(new() { Value = payload });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>As one command of a batch, so it commits (and is delivered) with the batch's other commands.</summary>
    public static NpgsqlBatchCommand BatchCommand(string channel, string payload) =>
        new(Sql) { Parameters = { new() { Value = channel }, new() { Value = payload } } };
}
