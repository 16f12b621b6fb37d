using System.Reflection;
using System.Runtime.Loader;

namespace Membership.Web.Data;

/// <summary>
/// EF Core loads the migrations assembly by name. That project references this one (for the
/// DbContext), so this one cannot reference it back; its build copies its dll beside ours, and
/// this resolver lets the default load context find it there.
/// </summary>
internal static class MigrationsAssemblyLocator
{
    public const string AssemblyName = "Membership.Migrations";
    private static int s_registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 1)
            return;
        AssemblyLoadContext.Default.Resolving += static (context, name) =>
        {
            if (name.Name != AssemblyName)
                return null;
            var path = Path.Combine(AppContext.BaseDirectory, AssemblyName + ".dll");
            return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
        };
    }

    public static Assembly Load() => Assembly.Load(new AssemblyName(AssemblyName));
}
