using Mono.Cecil;

namespace Membership.Architecture;

/// <summary>
/// Which namespaces of an assembly use which, read from its IL (signatures, fields, attributes and every
/// method body), so a dependency hidden in code counts as much as one in a signature. Namespaces are cut
/// to a depth of segments (3: <c>Membership.Web.Billing</c>); compiler-generated types count
/// for the type that owns them.
/// </summary>
public sealed class NamespaceGraph
{
    private NamespaceGraph(
        IReadOnlyDictionary<(string From, string To), int> edges,
        IReadOnlyDictionary<(string From, string To), int> typeEdges)
    {
        Edges = edges;
        TypeEdges = typeEdges;
    }

    /// <summary>Every dependency between two different namespaces, with the number of references behind it.</summary>
    public IReadOnlyDictionary<(string From, string To), int> Edges { get; }

    /// <summary>The same references by type (full names, outermost declaring type), to say what makes an edge.</summary>
    public IReadOnlyDictionary<(string From, string To), int> TypeEdges { get; }

    /// <summary>Which types of one namespace use which types of another, most references first.</summary>
    public IEnumerable<(string From, string To, int Count)> Why(string fromNamespace, string toNamespace, int depth = 3) =>
        TypeEdges.Where(e => Cut(Namespace(e.Key.From), depth) == fromNamespace && Cut(Namespace(e.Key.To), depth) == toNamespace)
            .OrderByDescending(e => e.Value).ThenBy(e => e.Key.From, StringComparer.Ordinal)
            .Select(e => (e.Key.From, e.Key.To, e.Value));

    /// <summary>Pairs that depend on each other both ways, each once (alphabetical within the pair).</summary>
    public IReadOnlyList<(string A, string B)> TwoWay =>
        [.. Edges.Keys.Where(e => string.CompareOrdinal(e.From, e.To) < 0 && Edges.ContainsKey((e.To, e.From))).Order()];

    public static NamespaceGraph Read(string assemblyPath, string rootNamespace, int depth = 3)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        var edges = new Dictionary<(string, string), int>();
        var typeEdges = new Dictionary<(string, string), int>();
        foreach (var type in assembly.MainModule.GetTypes())
        {
            var fromType = Owner(type);
            var from = Cut(OwnerNamespace(type), depth);
            if (!from.StartsWith(rootNamespace, StringComparison.Ordinal))
                continue;
            foreach (var used in Referenced(type).SelectMany(Expand))
            {
                var to = Cut(OwnerNamespace(used), depth);
                if (to == from || !to.StartsWith(rootNamespace, StringComparison.Ordinal))
                    continue;
                edges[(from, to)] = edges.GetValueOrDefault((from, to)) + 1;
                var typeEdge = (fromType.FullName, Owner(used).FullName);
                typeEdges[typeEdge] = typeEdges.GetValueOrDefault(typeEdge) + 1;
            }
        }
        return new NamespaceGraph(edges, typeEdges);
    }

    private static IEnumerable<TypeReference> Referenced(TypeDefinition type)
    {
        if (type.BaseType is not null)
            yield return type.BaseType;
        foreach (var face in type.Interfaces)
            yield return face.InterfaceType;
        foreach (var attribute in type.CustomAttributes)
            yield return attribute.AttributeType;
        foreach (var field in type.Fields)
            yield return field.FieldType;
        foreach (var property in type.Properties)
            yield return property.PropertyType;
        foreach (var method in type.Methods)
        {
            yield return method.ReturnType;
            foreach (var parameter in method.Parameters)
                yield return parameter.ParameterType;
            foreach (var attribute in method.CustomAttributes)
                yield return attribute.AttributeType;
            if (!method.HasBody)
                continue;
            foreach (var variable in method.Body.Variables)
                yield return variable.VariableType;
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference used:
                        yield return used;
                        break;
                    case MethodReference called:
                        yield return called.DeclaringType;
                        yield return called.ReturnType;
                        foreach (var parameter in called.Parameters)
                            yield return parameter.ParameterType;
                        if (called is GenericInstanceMethod generic)
                            foreach (var argument in generic.GenericArguments)
                                yield return argument;
                        break;
                    case FieldReference field:
                        yield return field.DeclaringType;
                        yield return field.FieldType;
                        break;
                }
            }
        }
    }

    /// <summary>The namespace a type belongs to: its own, its outermost declaring type's, or (generics, arrays) its element's.</summary>
    private static string OwnerNamespace(TypeReference type) => Owner(type) is var owner and not GenericParameter ? owner.Namespace : "";

    /// <summary>The namespace of a type named as in <see cref="TypeEdges"/>, cut to <paramref name="depth"/> segments.</summary>
    public static string NamespaceOf(string typeFullName, int depth = 3) => Cut(Namespace(typeFullName), depth);

    private static string Namespace(string fullName) => fullName.LastIndexOf('.') is var dot and > 0 ? fullName[..dot] : "";

    /// <summary>The type that stands for a reference: its outermost declaring type, or (generics, arrays) its element's.</summary>
    private static TypeReference Owner(TypeReference type)
    {
        while (true)
        {
            switch (type)
            {
                case GenericInstanceType generic:
                    type = generic.ElementType;
                    continue;
                case TypeSpecification specification:
                    type = specification.ElementType;
                    continue;
                case GenericParameter:
                    return type;
            }
            if (type.DeclaringType is not null)
            {
                type = type.DeclaringType;
                continue;
            }
            return type;
        }
    }

    private static string Cut(string ns, int depth)
    {
        var parts = ns.Split('.');
        return parts.Length <= depth ? ns : string.Join('.', parts[..depth]);
    }

    // Generic arguments of instantiated types are dependencies too (List<Plan> uses Plan).
    private static IEnumerable<TypeReference> Expand(TypeReference type)
    {
        yield return type;
        if (type is GenericInstanceType generic)
            foreach (var argument in generic.GenericArguments.SelectMany(Expand))
                yield return argument;
    }
}
