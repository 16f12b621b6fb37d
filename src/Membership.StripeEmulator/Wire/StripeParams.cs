using System.Globalization;

namespace Membership.StripeEmulator.Wire;

/// <summary>Typed reads of a request's parameters, failing the way Stripe fails (parameter_missing, parameter_unknown, ...).</summary>
internal sealed class StripeParams(FormNode node, string path = "")
{
    public static StripeParams Empty { get; } = new(FormNode.Map());

    public IEnumerable<string> Names => node.Children?.Keys ?? Enumerable.Empty<string>();

    public bool Has(string name) => node.Children?.ContainsKey(name) == true;

    /// <summary>For parameters Stripe takes either as a scalar or as a hash (<c>created=1</c> or <c>created[gte]=1</c>).</summary>
    public bool IsHash(string name) => node.Children?.GetValueOrDefault(name)?.IsMap == true;

    public string PathOf(string name) => path.Length == 0 ? name : $"{path}[{name}]";

    /// <summary>Rejects parameters the endpoint does not know, as Stripe does, so a typo is never silently ignored.</summary>
    public void AllowOnly(params string[] allowed)
    {
        foreach (var name in Names)
        {
            if (!allowed.Contains(name, StringComparer.Ordinal))
                throw StripeErrorException.Unknown(PathOf(name));
        }
    }

    public string? String(string name)
    {
        if (node.Children is null || !node.Children.TryGetValue(name, out var child))
            return null;
        if (child.IsMap)
            throw StripeErrorException.Invalid(PathOf(name), $"Invalid string: {PathOf(name)} must be a string, not a hash.", "parameter_invalid_string");
        return child.Value;
    }

    public string RequiredString(string name)
    {
        var value = String(name);
        if (value is null)
            throw StripeErrorException.Missing(PathOf(name));
        if (value.Length == 0)
            throw StripeErrorException.Invalid(PathOf(name), $"You passed an empty string for '{PathOf(name)}'. We assume empty values are an attempt to unset a parameter; however '{PathOf(name)}' cannot be unset. You should remove '{PathOf(name)}' from your request or supply a non-empty value.", "parameter_invalid_empty");
        return value;
    }

    public long? Long(string name)
    {
        var value = String(name);
        if (string.IsNullOrEmpty(value))
            return null;
        return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw StripeErrorException.Invalid(PathOf(name), $"Invalid integer: {value}", "parameter_invalid_integer");
    }

    public bool? Bool(string name)
    {
        var value = String(name);
        return value switch
        {
            null or "" => null,
            "true" => true,
            "false" => false,
            _ => throw StripeErrorException.Invalid(PathOf(name), $"Invalid boolean: {value}"),
        };
    }

    public StripeParams? Object(string name)
    {
        if (node.Children is null || !node.Children.TryGetValue(name, out var child))
            return null;
        if (!child.IsMap)
        {
            // An empty string unsets a hash parameter; anything else is a type error.
            if (string.IsNullOrEmpty(child.Value))
                return null;
            throw StripeErrorException.Invalid(PathOf(name), $"Invalid hash: {PathOf(name)} must be a hash.", "parameter_invalid_hash");
        }
        return new StripeParams(child, PathOf(name));
    }

    /// <summary>A list written as <c>name[0]</c>, <c>name[]</c> or a single <c>name</c>.</summary>
    public IReadOnlyList<string> StringList(string name)
    {
        if (node.Children is null || !node.Children.TryGetValue(name, out var child))
            return [];
        if (!child.IsMap)
            return string.IsNullOrEmpty(child.Value) ? [] : [child.Value];
        return [.. OrderedByIndex(child).Select(c => c.Value ?? throw StripeErrorException.Invalid(PathOf(name), $"Invalid array: {PathOf(name)} must hold strings."))];
    }

    public IReadOnlyList<StripeParams> ObjectList(string name)
    {
        if (node.Children is null || !node.Children.TryGetValue(name, out var child))
            return [];
        if (!child.IsMap)
            return string.IsNullOrEmpty(child.Value) ? [] : throw StripeErrorException.Invalid(PathOf(name), $"Invalid array: {PathOf(name)} must be an array.", "parameter_invalid_array");
        var list = new List<StripeParams>();
        var index = 0;
        foreach (var item in OrderedByIndex(child))
        {
            list.Add(new StripeParams(item.IsMap ? item : FormNode.Map(), $"{PathOf(name)}[{index++}]"));
        }
        return list;
    }

    /// <summary>
    /// Metadata as sent: null when absent; an empty map when the whole hash was unset with "";
    /// a key with an empty value means "delete this key".
    /// </summary>
    public Dictionary<string, string>? Metadata(string name = "metadata")
    {
        if (node.Children is null || !node.Children.TryGetValue(name, out var child))
            return null;
        if (!child.IsMap)
            return string.IsNullOrEmpty(child.Value) ? [] : throw StripeErrorException.Invalid(PathOf(name), "Invalid hash: metadata must be a hash.", "parameter_invalid_hash");
        return child.Children!.ToDictionary(c => c.Key, c => c.Value.Value ?? "", StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Expand => StringList("expand");

    private static IEnumerable<FormNode> OrderedByIndex(FormNode list) =>
        list.Children!.OrderBy(c => int.TryParse(c.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => c.Value);
}
