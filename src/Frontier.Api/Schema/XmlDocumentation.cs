using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Frontier.Api.Schema;

/// <summary>
/// The <c>&lt;summary&gt;</c> of types and properties, read from the XML documentation file the compiler
/// writes next to the assembly, as one line of plain text: cross-references become the JSON field name
/// (properties), the value (constants) or the type name.
/// </summary>
internal sealed partial class XmlDocumentation
{
    private readonly Dictionary<string, XElement> _members;
    private readonly Assembly _assembly;

    private XmlDocumentation(XDocument document, Assembly assembly)
    {
        _assembly = assembly;
        _members = document.Root?.Element("members")?.Elements("member")
            .Where(m => m.Attribute("name") is not null)
            .GroupBy(m => m.Attribute("name")!.Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal) ?? [];
    }

    /// <summary>Loads <c>Name.xml</c> from next to the assembly (or the application's folder).</summary>
    public static XmlDocumentation Load(Assembly assembly)
    {
        var fileName = assembly.GetName().Name + ".xml";
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(assembly.Location)) candidates.Add(Path.Combine(Path.GetDirectoryName(assembly.Location)!, fileName));
        candidates.Add(Path.Combine(AppContext.BaseDirectory, fileName));
        foreach (var path in candidates)
        {
            if (File.Exists(path)) return new XmlDocumentation(XDocument.Load(path), assembly);
        }
        throw new FileNotFoundException(
            $"{fileName} (the XML documentation the CRD descriptions come from) is not next to the assembly; looked in {string.Join(", ", candidates.Distinct())}. " +
            "Build Frontier.Api with GenerateDocumentationFile and ship the .xml with the program.", fileName);
    }

    /// <summary>The type's summary, or empty.</summary>
    public string Of(Type type) => Summary(TypeId(type));

    /// <summary>The property's summary, following inheritdoc to the overridden declaration; or empty.</summary>
    public string Of(PropertyInfo property)
    {
        for (var p = property; p is not null; p = Overridden(p))
        {
            var member = Find("P:" + TypeId(p.DeclaringType!) + "." + p.Name);
            if (member?.Element("summary") is { } summary) return Render(summary);
        }
        return string.Empty;
    }

    private static PropertyInfo? Overridden(PropertyInfo property)
    {
        var getter = property.GetMethod;
        if (getter is null) return null;
        var baseGetter = getter.GetBaseDefinition();
        if (baseGetter == getter || baseGetter.DeclaringType is not { } declaring) return null;
        return declaring.GetProperty(property.Name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
    }

    private string Summary(string typeId) => Find("T:" + typeId)?.Element("summary") is { } s ? Render(s) : string.Empty;

    private XElement? Find(string id) => _members.GetValueOrDefault(id);

    private static string TypeId(Type type)
    {
        if (type.IsGenericType && !type.IsGenericTypeDefinition) type = type.GetGenericTypeDefinition();
        return (type.FullName ?? type.Name).Replace('+', '.');
    }

    private string Render(XElement summary)
    {
        var text = new StringBuilder();
        Append(summary, text);
        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    private void Append(XElement element, StringBuilder text)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText t:
                    text.Append(t.Value);
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see when see.Attribute("cref") is { } cref:
                    text.Append(see.IsEmpty || string.IsNullOrWhiteSpace(see.Value) ? Cref(cref.Value) : see.Value);
                    break;
                case XElement { Name.LocalName: "see" } see when see.Attribute("langword") is { } word:
                    text.Append(word.Value);
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } reference:
                    text.Append(reference.Attribute("name")?.Value);
                    break;
                case XElement { Name.LocalName: "para" or "br" } paragraph:
                    text.Append(' ');
                    Append(paragraph, text);
                    text.Append(' ');
                    break;
                case XElement other:
                    Append(other, text);
                    break;
            }
        }
    }

    /// <summary>What a reader of the CRD should see for a cross-reference.</summary>
    private string Cref(string cref)
    {
        var colon = cref.IndexOf(':', StringComparison.Ordinal);
        var kind = colon == 1 ? cref[0] : '?';
        var name = colon == 1 ? cref[2..] : cref;
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0) name = name[..paren];
        var dot = name.LastIndexOf('.');
        var member = dot >= 0 ? name[(dot + 1)..] : name;
        var owner = dot >= 0 ? _assembly.GetType(name[..dot]) : null;
        switch (kind)
        {
            case 'P':
                return JsonNamingPolicy.CamelCase.ConvertName(member);
            case 'F' when owner?.GetField(member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static) is { IsLiteral: true } constant:
                return Convert.ToString(constant.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture) ?? member;
            default:
                var tick = member.IndexOf('`', StringComparison.Ordinal);
                return tick >= 0 ? member[..tick] : member;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
