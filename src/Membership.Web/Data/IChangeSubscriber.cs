namespace Membership.Web.Data;

/// <summary>Something that keeps database state in memory and must hear when it changes.</summary>
public interface IChangeSubscriber
{
    /// <summary>The PostgreSQL NOTIFY channel it listens on.</summary>
    string Channel { get; }

    /// <summary>A notification arrived; PostgreSQL sends it only once the writer has committed.</summary>
    ValueTask OnChangedAsync(string payload, CancellationToken cancellationToken);

    /// <summary>The listener (re)connected: anything may have changed unheard, so start over.</summary>
    ValueTask OnResyncAsync(CancellationToken cancellationToken);
}
