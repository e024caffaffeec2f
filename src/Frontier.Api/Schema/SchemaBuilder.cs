using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Frontier.Api.Schema;

/// <summary>
/// Builds the OpenAPI v3 (structural) schema of a resource class by reflection: field names as
/// System.Text.Json writes them with camelCase, descriptions from the XML documentation, and the
/// validation attributes of <see cref="Schema"/>. Properties and required lists are sorted, so the
/// output does not depend on reflection order.
/// </summary>
internal sealed class SchemaBuilder(XmlDocumentation docs)
{
    private readonly HashSet<Type> _building = [];

    /// <summary>The schema of a whole object of the resource class.</summary>
    public V1JSONSchemaProps Resource(Type resourceType)
    {
        var schema = Object(resourceType);
        schema.Description = Text(docs.Of(resourceType));
        return schema;
    }

    /// <summary>The JSON name System.Text.Json gives the property under camelCase.</summary>
    public static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static IEnumerable<PropertyInfo> Serialized(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always });

    private V1JSONSchemaProps Object(Type type)
    {
        if (!_building.Add(type)) throw new NotSupportedException($"{type.Name} contains itself; a CRD schema cannot be recursive");
        try
        {
            var fields = Serialized(type).Select(p => (Name: JsonName(p), Property: p)).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
            if (fields.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } clash)
                throw new NotSupportedException($"{type.Name}: more than one property is serialized as '{clash.Key}'");

            var properties = new Dictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal);
            var required = new List<string>();
            foreach (var (name, property) in fields)
            {
                properties[name] = Property(property);
                if (IsRequired(property)) required.Add(name);
            }
            var schema = new V1JSONSchemaProps
            {
                Type = "object",
                Description = Text(docs.Of(type)),
                Properties = properties,
                Required = required.Count > 0 ? required : null,
            };
            if (type.GetCustomAttribute<ExactlyOneOfAttribute>() is { } oneOf)
            {
                schema.OneOf = oneOf.Properties.Select(p => new V1JSONSchemaProps { Required = [JsonNameOf(type, p)] }).ToList();
            }
            return schema;
        }
        finally
        {
            _building.Remove(type);
        }
    }

    private static bool IsRequired(PropertyInfo property) =>
        property.GetCustomAttribute<RequiredAttribute>() is not null
        || (property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null);

    private static string JsonNameOf(Type type, string propertyName) =>
        Serialized(type).FirstOrDefault(p => p.Name == propertyName) is { } p
            ? JsonName(p)
            : throw new NotSupportedException($"{type.Name} has no serialized property {propertyName}");

    private V1JSONSchemaProps Property(PropertyInfo property)
    {
        var at = $"{property.DeclaringType?.Name}.{property.Name}";
        var schema = Of(property.PropertyType);
        // The API server owns metadata's schema: a CRD may only say it is an object (no description).
        if (property.PropertyType == typeof(V1ObjectMeta)) return schema;
        schema.Description = Text(Combine(docs.Of(property), schema.Description));

        if (property.GetCustomAttribute<MinimumAttribute>() is { } min)
        {
            RequireType(schema, at, "[Minimum]", "number", "integer");
            schema.Minimum = min.Value;
            if (min.Exclusive) schema.ExclusiveMinimum = true;
        }
        if (property.GetCustomAttribute<MaximumAttribute>() is { } max)
        {
            RequireType(schema, at, "[Maximum]", "number", "integer");
            schema.Maximum = max.Value;
            if (max.Exclusive) schema.ExclusiveMaximum = true;
        }
        if (property.GetCustomAttribute<EnumValuesAttribute>() is { } values)
        {
            RequireType(schema, at, "[EnumValues]", "string");
            schema.EnumProperty = values.Values.Cast<object>().ToList();
        }
        if (property.GetCustomAttribute<PatternAttribute>() is { } pattern)
        {
            RequireType(schema, at, "[Pattern]", "string");
            schema.Pattern = pattern.Regex;
        }
        if (property.GetCustomAttribute<MinItemsAttribute>() is { } minItems)
        {
            RequireType(schema, at, "[MinItems]", "array");
            schema.MinItems = minItems.Count;
        }
        if (property.GetCustomAttribute<ListMapKeysAttribute>() is { } keys)
        {
            RequireType(schema, at, "[ListMapKeys]", "array");
            var itemType = ElementType(property.PropertyType)!;
            var items = (V1JSONSchemaProps)schema.Items;
            var names = keys.Keys.Select(k => JsonNameOf(itemType, k)).ToList();
            foreach (var key in names)
            {
                if (items.Required?.Contains(key) != true || items.Properties[key].Type is "object" or "array")
                    throw new NotSupportedException($"{at}: list-map key {key} must be a required scalar field of {itemType.Name}");
            }
            schema.XKubernetesListType = "map";
            schema.XKubernetesListMapKeys = names;
        }
        return schema;
    }

    private static void RequireType(V1JSONSchemaProps schema, string at, string attribute, params string[] types)
    {
        if (!types.Contains(schema.Type))
            throw new NotSupportedException($"{at}: {attribute} applies to {string.Join(" or ", types)} fields, not {schema.Type}");
    }

    /// <summary>The schema of a value of the type; objects and arrays carry their type's description.</summary>
    private V1JSONSchemaProps Of(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return new V1JSONSchemaProps { Type = "string" };
        if (type == typeof(bool)) return new V1JSONSchemaProps { Type = "boolean" };
        if (type == typeof(int) || type == typeof(short) || type == typeof(byte)) return new V1JSONSchemaProps { Type = "integer", Format = "int32" };
        if (type == typeof(long)) return new V1JSONSchemaProps { Type = "integer", Format = "int64" };
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return new V1JSONSchemaProps { Type = "number" };
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset)) return new V1JSONSchemaProps { Type = "string", Format = "date-time" };
        if (type == typeof(V1ObjectMeta)) return new V1JSONSchemaProps { Type = "object" };
        if (type == typeof(V1Condition)) return ConditionSchema.Item();
        if (ElementType(type) is { } element)
        {
            var items = Of(element);
            var array = new V1JSONSchemaProps { Type = "array", Description = items.Description, Items = items };
            if (element == typeof(V1Condition))
            {
                array.Description = null;
                array.XKubernetesListType = "map";
                array.XKubernetesListMapKeys = ["type"];
            }
            return array;
        }
        if (type.IsClass && type.Assembly == typeof(SchemaBuilder).Assembly && !type.IsAbstract) return Object(type);
        throw new NotSupportedException($"no CRD schema mapping for {type}; map it in {nameof(SchemaBuilder)}");
    }

    /// <summary>T of IList&lt;T&gt;, List&lt;T&gt;, IReadOnlyList&lt;T&gt;, IEnumerable&lt;T&gt; or T[]; null otherwise.</summary>
    private static Type? ElementType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return null;
        if (type.IsArray) return type.GetElementType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IList<>) || definition == typeof(List<>) || definition == typeof(IReadOnlyList<>)
                || definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>)))
            return type.GetGenericArguments()[0];
        if (type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)))
            throw new NotSupportedException($"maps ({type}) have no CRD schema mapping yet");
        return null;
    }

    /// <summary>
    /// A field's description from its own summary and its type's: the type's alone when it just
    /// restates the field's, both otherwise, so <c>kubectl explain</c> shows the field's role and the shape.
    /// </summary>
    internal static string Combine(string field, string? type)
    {
        if (string.IsNullOrEmpty(type)) return field;
        if (string.IsNullOrEmpty(field)) return type;
        var head = field.TrimEnd('.');
        if (type.StartsWith(head, StringComparison.OrdinalIgnoreCase)) return type;
        if (field.Contains(type.TrimEnd('.'), StringComparison.OrdinalIgnoreCase)) return field;
        return field.EndsWith('.') ? $"{field} {type}" : $"{field}. {type}";
    }

    private static string? Text(string? description) => string.IsNullOrWhiteSpace(description) ? null : description;
}
