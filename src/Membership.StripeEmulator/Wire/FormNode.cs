namespace Membership.StripeEmulator.Wire;

/// <summary>
/// One node of a Stripe request's parameters: either a scalar value or a map of children. Lists are
/// maps keyed by index ("0", "1", ...), as Stripe's own encoding (<c>items[0][price]</c>) writes them.
/// </summary>
internal sealed class FormNode
{
    private FormNode(string? value, Dictionary<string, FormNode>? children)
    {
        Value = value;
        Children = children;
    }

    public string? Value { get; private set; }

    public Dictionary<string, FormNode>? Children { get; private set; }

    public bool IsMap => Children is not null;

    public static FormNode Scalar(string value) => new(value, null);

    public static FormNode Map() => new(null, new Dictionary<string, FormNode>(StringComparer.Ordinal));

    /// <summary>Parses Stripe's form encoding: <c>a[b][0][c]=v</c>, <c>expand[]=x</c> (appended), <c>lookup_keys[0]=k</c>.</summary>
    public static FormNode Parse(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var root = Map();
        foreach (var (key, value) in pairs)
        {
            var segments = Segments(key);
            if (segments.Count == 0)
                continue;
            var node = root;
            for (var i = 0; i < segments.Count; i++)
            {
                var children = node.EnsureMap();
                var segment = segments[i].Length == 0 ? children.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : segments[i];
                if (i == segments.Count - 1)
                {
                    children[segment] = Scalar(value);
                }
                else
                {
                    if (!children.TryGetValue(segment, out var child) || !child.IsMap)
                    {
                        child = Map();
                        children[segment] = child;
                    }
                    node = child;
                }
            }
        }
        return root;
    }

    private Dictionary<string, FormNode> EnsureMap()
    {
        if (Children is null)
        {
            Children = new Dictionary<string, FormNode>(StringComparer.Ordinal);
            Value = null;
        }
        return Children;
    }

    private static List<string> Segments(string key)
    {
        var segments = new List<string>();
        var open = key.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            segments.Add(key);
            return segments;
        }
        segments.Add(key[..open]);
        while (open >= 0 && open < key.Length)
        {
            var close = key.IndexOf(']', open);
            if (close < 0)
                break;
            segments.Add(key[(open + 1)..close]);
            open = close + 1 < key.Length && key[close + 1] == '[' ? close + 1 : -1;
        }
        return segments;
    }
}
