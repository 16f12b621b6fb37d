using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace Membership.Bench.Drill;

/// <summary>
/// Site reads through the proxy, as a site does on every page view: a few loops asking for the drill's
/// readers one after another. Every answer other than 200 (or no answer) is an error a reader would see.
/// </summary>
internal sealed class ReaderLoad(Uri proxy, string siteKey, IReadOnlyList<Guid> readers, int loops) : IAsyncDisposable
{
    private readonly ConcurrentQueue<(long At, string What)> _errors = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private long _requests;

    public long Now => _clock.ElapsedMilliseconds;
    public long Requests => Interlocked.Read(ref _requests);

    public void Start()
    {
        for (var i = 0; i < loops; i++)
        {
            var offset = i;
            _loops.Add(Task.Run(() => LoopAsync(offset)));
        }
    }

    public IReadOnlyList<string> ErrorsBetween(long from, long to) =>
        _errors.Where(e => e.At >= from && e.At <= to).Select(e => e.What).ToList();

    private async Task LoopAsync(int offset)
    {
        using var http = new HttpClient { BaseAddress = proxy, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", siteKey);
        var n = offset;
        while (!_stop.IsCancellationRequested)
        {
            var reader = readers[n++ % readers.Count];
            try
            {
                using var response = await http.GetAsync(new Uri($"/api/v1/entitlements/{reader}", UriKind.Relative), _stop.Token);
                if (!response.IsSuccessStatusCode)
                    _errors.Enqueue((Now, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(_stop.Token)}"));
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                _errors.Enqueue((Now, e.GetType().Name + ": " + e.Message));
            }
            Interlocked.Increment(ref _requests);
            await Task.Delay(2); // about 250 reads/s per loop at most: load, not a benchmark
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }
}
