using System.Diagnostics;

namespace Membership.Tests.Infrastructure;

/// <summary>
/// The one way tests wait for something another thread, process or instance does: poll a condition
/// until it holds, or fail saying what was awaited. The default deadline fits a busy shared 2-core
/// machine; it is a limit, not a sleep, so a fast machine waits only as long as the work takes.
/// </summary>
public static class Eventually
{
    /// <summary>How long a test waits unless it says otherwise.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits until <paramref name="condition"/> holds; returns how long that took.</summary>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
        var watch = Stopwatch.StartNew();
        var pause = FirstPause;
        while (!await condition())
        {
            if (watch.Elapsed > limit)
                throw new TimeoutException($"Not within {limit.TotalSeconds:0.#} s: {what}");
            await Task.Delay(pause);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
        return watch.Elapsed;
    }

    /// <summary>Waits until <paramref name="condition"/> holds; returns how long that took.</summary>
    public static Task<TimeSpan> UntilAsync(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, deadline);

    /// <summary>Reads a value until it satisfies <paramref name="done"/>, and returns it.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? deadline = null)
    {
        var value = default(T)!;
        await UntilAsync(async () => done(value = await read()), what, deadline);
        return value;
    }
}
