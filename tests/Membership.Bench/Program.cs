namespace Membership.Bench;

/// <summary>
/// <c>./build.sh bench</c> runs <c>worker</c> after the HTTP load test; <c>./build.sh bench renewals</c> runs
/// <c>renewals</c>, <c>./build.sh bench import</c> runs <c>import</c>. Usage: <c>Membership.Bench worker|renewals|import [--subscriptions N]</c>.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        var mode = args.FirstOrDefault();
        if (mode == "drill")
        {
            var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Membership");
            if (string.IsNullOrEmpty(connection))
            {
                await Console.Error.WriteLineAsync("ConnectionStrings__Membership is not set: run it through ./build.sh drill.");
                return 2;
            }
            return await Drill.FaultDrill.RunAsync(connection);
        }
        var subscriptions = mode switch { "renewals" => 1000, "import" => 10_000, _ => 300 };
        for (var i = 1; i < args.Length - 1; i++)
        {
            if (args[i] == "--subscriptions" && int.TryParse(args[i + 1], out var n) && n > 0)
                subscriptions = n;
        }
        if (mode is not ("worker" or "renewals" or "import"))
        {
            await Console.Error.WriteLineAsync("usage: Membership.Bench worker|renewals|import [--subscriptions N]");
            return 2;
        }
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Membership");
        if (string.IsNullOrEmpty(server))
        {
            await Console.Error.WriteLineAsync("ConnectionStrings__Membership is not set: run it through ./build.sh bench.");
            return 2;
        }
        // Only the figure: the service and the emulator run in this process and would log their start-up.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "None");
        Environment.SetEnvironmentVariable("Logging__LogLevel__Microsoft.Hosting.Lifetime", "None");
        // The test host looks for the web project's folder beside the solution unless told where its content is.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_MEMBERSHIP_WEB", AppContext.BaseDirectory);
        if (mode == "renewals")
            await RenewalBenchmark.RunAsync(server, subscriptions);
        else if (mode == "import")
            await ImportBenchmark.RunAsync(server, subscriptions);
        else
            await WorkerBenchmark.RunAsync(server, subscriptions);
        return 0;
    }
}
