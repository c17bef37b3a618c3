using System.Text;
using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes.Apply;

/// <summary>
/// Fields of an object as server-side apply tracks their ownership, each a path in the notation of
/// <c>managedFields[].fieldsV1</c>: <c>f:name</c> for a field, <c>k:{"name":"agent"}</c> for an item of an
/// associative list, <c>v:"x"</c> for a member of a set. A path is either a value (a scalar, an atomic list, an empty
/// object) or the presence of an object or list item (fieldsV1's <c>"."</c>), whose fields are further paths.
/// </summary>
internal sealed class FieldSet
{
    /// <summary>Joins a path's segments; no segment holds a raw newline, since keys are compact JSON.</summary>
    private const char Separator = '\n';

    private static readonly HashSet<string> SystemMetadata = new(StringComparer.Ordinal)
    {
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "managedFields", "selfLink",
    };

    private readonly Dictionary<string, JsonNode?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _presence = new(StringComparer.Ordinal);

    private FieldSet()
    {
    }

    public int Count => _values.Count + _presence.Count;

    public IEnumerable<string> Paths => _values.Keys.Concat(_presence);

    /// <summary>The paths that hold values, with their values.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Values => _values;

    public bool Contains(string path) => _values.ContainsKey(path) || _presence.Contains(path);

    /// <summary>The fields a client sets in <paramref name="obj"/>: all but identity, server-kept metadata and status.</summary>
    public static FieldSet Of(JsonObject obj)
    {
        var set = new FieldSet();
        foreach (var (name, value) in obj)
        {
            if (name is "apiVersion" or "kind" or "status" || value is null)
            {
                continue;
            }

            if (name == "metadata" && value is JsonObject metadata)
            {
                foreach (var (field, fieldValue) in metadata.Where(m => !SystemMetadata.Contains(m.Key) && m.Value is not null))
                {
                    set.Add(Join("f:metadata", $"f:{field}"), field, fieldValue!);
                }

                continue;
            }

            set.Add($"f:{name}", name, value, presence: false);
        }

        return set;
    }

    public static FieldSet FromFieldsV1(JsonNode? fields)
    {
        var set = new FieldSet();
        if (fields is JsonObject root)
        {
            set.Read(null, root);
        }

        return set;
    }

    public FieldSet Without(IEnumerable<string> paths)
    {
        var removed = paths.ToHashSet(StringComparer.Ordinal);
        var set = new FieldSet();
        foreach (var (path, value) in _values.Where(v => !removed.Contains(v.Key)))
        {
            set._values[path] = value;
        }

        set._presence.UnionWith(_presence.Where(p => !removed.Contains(p)));
        return set;
    }

    public FieldSet With(IEnumerable<string> paths, FieldSet valuesFrom)
    {
        var set = Without([]);
        foreach (var path in paths)
        {
            if (valuesFrom._values.TryGetValue(path, out var value))
            {
                set._values[path] = value;
            }
            else
            {
                set._presence.Add(path);
            }
        }

        return set;
    }

    public JsonObject ToFieldsV1()
    {
        var root = new JsonObject();
        foreach (var path in Paths)
        {
            var node = root;
            foreach (var segment in path.Split(Separator))
            {
                node = (node[segment] ??= new JsonObject()).AsObject();
            }

            if (_presence.Contains(path))
            {
                node["."] = new JsonObject();
            }
        }

        return root;
    }

    public static string[] Segments(string path) => path.Split(Separator);

    /// <summary>A path as the API server names it in a conflict: <c>.spec.template.spec.containers[name="agent"].image</c>.</summary>
    public static string Display(string path)
    {
        var text = new StringBuilder();
        foreach (var segment in Segments(path))
        {
            _ = segment[..2] switch
            {
                "f:" => text.Append('.').Append(segment[2..]),
                "k:" => text.Append('[').Append(string.Join(",", JsonNode.Parse(segment[2..])!.AsObject().Select(k => $"{k.Key}={k.Value!.ToJsonString()}"))).Append(']'),
                _ => text.Append('[').Append(segment[2..]).Append(']'),
            };
        }

        return text.ToString();
    }

    private static string Join(string? prefix, string segment) => prefix is null ? segment : prefix + Separator + segment;

    private void Add(string path, string field, JsonNode value, bool presence = true)
    {
        switch (value)
        {
            case JsonObject obj when obj.Count > 0:
                if (presence)
                {
                    _presence.Add(path);
                }

                foreach (var (name, child) in obj.Where(c => c.Value is not null))
                {
                    Add(Join(path, $"f:{name}"), name, child!);
                }

                break;
            case JsonArray list when list.Count > 0 && ListKeys.IsSet(field):
                foreach (var member in list)
                {
                    _values[Join(path, $"v:{member?.ToJsonString()}")] = member?.DeepClone();
                }

                break;
            case JsonArray list when list.Count > 0 && ListKeys.KeyOf(field, list[0]) is { } key:
                foreach (var item in list.OfType<JsonObject>())
                {
                    Add(Join(path, ItemSegment(key, item)), field, item);
                }

                break;
            default:
                _values[path] = value.DeepClone();
                break;
        }
    }

    public static string ItemSegment(string key, JsonObject item) => $"k:{new JsonObject { [key] = item[key]?.DeepClone() }.ToJsonString()}";

    private void Read(string? prefix, JsonObject node)
    {
        foreach (var (segment, child) in node)
        {
            if (segment == ".")
            {
                _presence.Add(prefix!);
                continue;
            }

            var path = Join(prefix, segment);
            if (child is JsonObject { Count: > 0 } inner)
            {
                Read(path, inner);
            }
            else
            {
                _values[path] = null;
            }
        }
    }
}
