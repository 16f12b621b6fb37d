using Microsoft.Extensions.Options;

namespace Membership.Web.Hosting;

/// <summary>
/// Turns a bad setting into one line on standard error instead of a stack trace, and an exit code.
/// </summary>
public static class ConfigurationErrors
{
    public static async Task<int> RunAsync(Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {string.Join(" ", e.Failures)}");
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            // The binder's message names the key and the type, e.g. "...at 'Membership:Port' to type 'System.Int32'."
            await Console.Error.WriteLineAsync($"Configuration error: {e.Message}");
        }
        catch (MissingSettingException e)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {e.Message}");
        }
        return 1;
    }
}

public sealed class MissingSettingException(string message) : Exception(message);
