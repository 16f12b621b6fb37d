using System.Diagnostics;

namespace Membership.Bench.Drill;

/// <summary>A child process of the drill (an instance, the emulator, nginx) with its output in a log file.</summary>
internal sealed class DrillProcess : IAsyncDisposable
{
    private readonly ProcessStartInfo _start;
    private readonly string _log;
    private Process? _process;

    public DrillProcess(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logFolder)
    {
        Name = name;
        _log = Path.Combine(logFolder, name + ".log");
        _start = new ProcessStartInfo(fileName, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment)
            _start.Environment[key] = value;
    }

    public string Name { get; }
    public bool Running => _process is { HasExited: false };

    public void Start()
    {
        _process = Process.Start(_start) ?? throw new InvalidOperationException($"{Name} did not start");
        var log = new StreamWriter(_log, append: true) { AutoFlush = true };
        var gate = new object();
        void Write(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (gate) log.WriteLine(e.Data);
        }
        _process.OutputDataReceived += Write;
        _process.ErrorDataReceived += Write;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>kill -9: no chance to clean up.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public Task SignalAsync(string signal) => RunAsync("kill", $"-{signal}", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>SIGTERM and wait for the exit (the host drains for Membership__ShutdownTimeout).</summary>
    public async Task<TimeSpan> StopAsync(TimeSpan timeout)
    {
        var timer = Stopwatch.StartNew();
        await SignalAsync("TERM");
        using var cancel = new CancellationTokenSource(timeout);
        await _process!.WaitForExitAsync(cancel.Token);
        return timer.Elapsed;
    }

    public static async Task RunAsync(string fileName, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(fileName, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            try
            {
                await SignalAsync("CONT");
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }
        _process?.Dispose();
    }
}
