using Membership.Architecture;

// Usage: Membership.Architecture [path/to/Membership.Web.dll] [--why From To]   (./build.sh deps [--why From To])
// Prints which feature namespaces of the web project use which, and the pairs that use each other both ways;
// with --why, which types of one namespace use which types of another.
const string Root = "Membership.Web";
var why = Array.IndexOf(args, "--why");
var path = args.FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal)) ?? DefaultAssembly();
if (!File.Exists(path))
{
    await Console.Error.WriteLineAsync($"{path} does not exist: build first (./build.sh deps does).");
    return 2;
}

var graph = NamespaceGraph.Read(path, Root);
if (why >= 0)
{
    if (args.Length < why + 3)
    {
        await Console.Error.WriteLineAsync("--why needs two namespaces, e.g. --why Billing Admin");
        return 2;
    }
    foreach (var (from, to, count) in graph.Why($"{Root}.{args[why + 1]}", $"{Root}.{args[why + 2]}"))
        Console.WriteLine($"  {from[(Root.Length + 1)..]} -> {to[(Root.Length + 1)..]} ({count})");
    return 0;
}
Console.WriteLine($"Namespace dependencies of {Root} (from its IL; the number of references in brackets)");
foreach (var from in graph.Edges.Keys.Select(e => e.From).Distinct().Order(StringComparer.Ordinal))
{
    var uses = graph.Edges.Where(e => e.Key.From == from).OrderBy(e => e.Key.To, StringComparer.Ordinal)
        .Select(e => $"{Short(e.Key.To)} ({e.Value})");
    Console.WriteLine($"  {Short(from),-14} -> {string.Join(", ", uses)}");
}
var twoWay = graph.TwoWay;
Console.WriteLine($"Two-way pairs: {twoWay.Count}");
foreach (var (a, b) in twoWay)
    Console.WriteLine($"  {Short(a)} <-> {Short(b)}  ({graph.Edges[(a, b)]} / {graph.Edges[(b, a)]})");
return 0;

static string Short(string ns) => ns == Root ? "(root)" : ns[(Root.Length + 1)..];

static string DefaultAssembly()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Membership.sln")))
        {
            var configuration = Environment.GetEnvironmentVariable("CONFIGURATION") ?? "Debug";
            return Path.Combine(dir.FullName, "src", "Membership.Web", "bin", configuration, "net10.0", "Membership.Web.dll");
        }
    }
    return "Membership.Web.dll";
}
