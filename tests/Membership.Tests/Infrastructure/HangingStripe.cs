using System.Net;
using System.Net.Sockets;

namespace Membership.Tests.Infrastructure;

/// <summary>
/// A Stripe that hangs: it accepts every connection and never answers a byte, as a Stripe (or a proxy in
/// front of it) does when it is in trouble. Connections stay open until the stand-in is disposed.
/// </summary>
public sealed class HangingStripe : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _accepted = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public HangingStripe()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Connections accepted so far (each left unanswered).</summary>
    public int Accepted
    {
        get
        {
            lock (_accepted)
                return _accepted.Count;
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_accepted)
                    _accepted.Add(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_accepted)
        {
            foreach (var client in _accepted)
                client.Dispose();
        }
        _stop.Dispose();
    }
}
