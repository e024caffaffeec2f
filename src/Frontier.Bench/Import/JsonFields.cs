using System.Text.Json;

namespace Frontier.Bench.Import;

/// <summary>Reads fields of another tool's JSON by path, naming the file and the field when one is missing or of the wrong type.</summary>
internal sealed class JsonFields(string file)
{
    /// <summary>The file's parsed JSON; throws naming the file when it is missing or not JSON.</summary>
    public JsonDocument Parse()
    {
        if (!File.Exists(file)) throw new ImportException($"{file}: file not found");
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (JsonException e)
        {
            throw new ImportException($"{file}: not JSON ({e.Message})");
        }
    }

    /// <summary>The object or value at <paramref name="path"/> (dot-separated) below <paramref name="at"/>, or null when absent or JSON null.</summary>
    public static JsonElement? Find(JsonElement at, string path)
    {
        foreach (var name in path.Split('.'))
        {
            if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(name, out at)) return null;
        }
        return at.ValueKind == JsonValueKind.Null ? null : at;
    }

    /// <summary>The value at <paramref name="path"/>; throws "missing field" naming <paramref name="where"/>.<paramref name="path"/>.</summary>
    public JsonElement Need(JsonElement at, string path, string where) =>
        Find(at, path) ?? throw new ImportException($"{file}: missing field {Join(where, path)}");

    /// <summary>A number at <paramref name="path"/>, required.</summary>
    public double Number(JsonElement at, string path, string where) =>
        Need(at, path, where) is { ValueKind: JsonValueKind.Number } n && n.TryGetDouble(out var v) && double.IsFinite(v)
            ? v
            : throw new ImportException($"{file}: field {Join(where, path)} must be a number");

    /// <summary>A number at <paramref name="path"/>, or null when absent.</summary>
    public double? OptionalNumber(JsonElement at, string path, string where) =>
        Find(at, path) is null ? null : Number(at, path, where);

    /// <summary>A file-and-field message for a field that is present but unusable.</summary>
    public ImportException Bad(string field, string problem) => new($"{file}: field {field} {problem}");

    private static string Join(string where, string path) => where.Length == 0 ? path : $"{where}.{path}";
}
