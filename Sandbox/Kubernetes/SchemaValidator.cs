using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// Enforces a CRD's structural OpenAPI v3 schema the way the API server does on every write:
/// defaults are filled in, unknown fields pruned (and reported, for strict field validation),
/// and every violation becomes a <see cref="FieldError"/> naming its field.
/// </summary>
internal static class SchemaValidator
{
    public sealed record Outcome(IReadOnlyList<FieldError> Errors, IReadOnlyList<string> UnknownFields);

    public static Outcome Apply(JsonObject schema, JsonObject obj)
    {
        var errors = new List<FieldError>();
        var unknown = new List<string>();
        foreach (var (name, property) in Properties(schema))
        {
            if (name is "metadata" or "apiVersion" or "kind")
            {
                continue;
            }

            Visit(property, obj, name, name, errors, unknown);
        }

        foreach (var name in obj.Select(p => p.Key).Where(k => k is not ("metadata" or "apiVersion" or "kind") && schema["properties"]?[k] is null).ToList())
        {
            if (schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() != true)
            {
                unknown.Add(name);
                obj.Remove(name);
            }
        }

        foreach (var name in Required(schema).Where(r => obj[r] is null))
        {
            errors.Add(new FieldError(name, "FieldValueRequired", "Required value"));
        }

        return new Outcome(errors, unknown);
    }

    private static void Visit(JsonObject schema, JsonObject parent, string key, string path, List<FieldError> errors, List<string> unknown)
    {
        if (parent[key] is null)
        {
            if (schema["default"] is { } defaultValue)
            {
                parent[key] = defaultValue.DeepClone();
            }
            else
            {
                return;
            }
        }

        Check(schema, parent[key]!, path, errors, unknown);
    }

    private static void Check(JsonObject schema, JsonNode value, string path, List<FieldError> errors, List<string> unknown)
    {
        var type = (string?)schema["type"];
        if (type is not null && !HasType(value, type))
        {
            errors.Add(new FieldError(path, "FieldValueTypeInvalid", $"Invalid value: \"{KindOf(value)}\": {path} in body must be of type {type}: \"{KindOf(value)}\""));
            return;
        }

        switch (value)
        {
            case JsonObject obj:
                CheckObject(schema, obj, path, errors, unknown);
                break;
            case JsonArray array:
                CheckArray(schema, array, path, errors, unknown);
                break;
            case JsonValue scalar:
                CheckScalar(schema, scalar, path, errors);
                break;
        }
    }

    private static void CheckObject(JsonObject schema, JsonObject obj, string path, List<FieldError> errors, List<string> unknown)
    {
        var properties = Properties(schema).ToDictionary(p => p.Name, p => p.Schema, StringComparer.Ordinal);
        foreach (var (name, property) in properties)
        {
            Visit(property, obj, name, $"{path}.{name}", errors, unknown);
        }

        var additional = schema["additionalProperties"] as JsonObject;
        var preserve = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        foreach (var name in obj.Select(p => p.Key).Where(k => !properties.ContainsKey(k)).ToList())
        {
            if (additional is not null)
            {
                Check(additional, obj[name]!, $"{path}.{name}", errors, unknown);
            }
            else if (!preserve && properties.Count > 0)
            {
                unknown.Add($"{path}.{name}");
                obj.Remove(name);
            }
        }

        foreach (var name in Required(schema).Where(r => obj[r] is null))
        {
            errors.Add(new FieldError($"{path}.{name}", "FieldValueRequired", "Required value"));
        }

        foreach (var rule in schema["x-kubernetes-validations"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            if (!CelRule.Holds((string)rule["rule"]!, obj))
            {
                var message = (string?)rule["message"] ?? $"failed rule: {(string)rule["rule"]!}";
                errors.Add(new FieldError(path, "FieldValueInvalid", $"Invalid value: \"object\": {message}"));
            }
        }
    }

    private static void CheckArray(JsonObject schema, JsonArray array, string path, List<FieldError> errors, List<string> unknown)
    {
        if (schema["minItems"] is { } minItems && array.Count < (int)minItems)
        {
            errors.Add(new FieldError(path, "FieldValueInvalid", $"Invalid value: {array.Count}: {path} in body should have at least {(int)minItems} items"));
        }

        if (schema["maxItems"] is { } maxItems && array.Count > (int)maxItems)
        {
            errors.Add(new FieldError(path, "FieldValueTooMany", $"Too many: {array.Count}: must have at most {(int)maxItems} items"));
        }

        if (schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is { } item)
                {
                    Check(items, item, $"{path}[{i}]", errors, unknown);
                }
            }
        }
    }

    private static void CheckScalar(JsonObject schema, JsonValue scalar, string path, List<FieldError> errors)
    {
        var shown = scalar.GetValueKind() == JsonValueKind.String ? $"\"{scalar}\"" : scalar.ToJsonString();
        if (scalar.GetValueKind() == JsonValueKind.Number)
        {
            var number = scalar.GetValue<double>();
            if (schema["minimum"] is { } minimum && number < (double)minimum)
            {
                errors.Add(new FieldError(path, "FieldValueInvalid", $"Invalid value: {shown}: {path} in body should be greater than or equal to {minimum}"));
            }

            if (schema["maximum"] is { } maximum && number > (double)maximum)
            {
                errors.Add(new FieldError(path, "FieldValueInvalid", $"Invalid value: {shown}: {path} in body should be less than or equal to {maximum}"));
            }
        }

        if (scalar.GetValueKind() == JsonValueKind.String)
        {
            var text = scalar.GetValue<string>();
            if (schema["pattern"] is { } pattern && !Regex.IsMatch(text, (string)pattern!, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                errors.Add(new FieldError(path, "FieldValueInvalid", $"Invalid value: {shown}: {path} in body should match '{(string)pattern!}'"));
            }

            if (schema["minLength"] is { } minLength && text.Length < (int)minLength)
            {
                errors.Add(new FieldError(path, "FieldValueInvalid", $"Invalid value: {shown}: {path} in body should be at least {(int)minLength} chars long"));
            }

            if (schema["maxLength"] is { } maxLength && text.Length > (int)maxLength)
            {
                errors.Add(new FieldError(path, "FieldValueTooLong", $"Too long: may not be more than {(int)maxLength} bytes"));
            }
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, scalar)))
        {
            var supported = string.Join(", ", allowed.Select(a => a!.ToJsonString()));
            errors.Add(new FieldError(path, "FieldValueNotSupported", $"Unsupported value: {shown}: supported values: {supported}"));
        }
    }

    private static bool HasType(JsonNode value, string type) => type switch
    {
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => value is JsonValue s && s.GetValueKind() == JsonValueKind.String,
        "boolean" => value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "integer" => value is JsonValue i && i.GetValueKind() == JsonValueKind.Number && Math.Abs(i.GetValue<double>() % 1) < double.Epsilon,
        "number" => value is JsonValue n && n.GetValueKind() == JsonValueKind.Number,
        _ => true,
    };

    private static string KindOf(JsonNode value) => value switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
        _ => "null",
    };

    private static IEnumerable<(string Name, JsonObject Schema)> Properties(JsonObject schema) =>
        schema["properties"] is JsonObject properties
            ? properties.Where(p => p.Value is JsonObject).Select(p => (p.Key, p.Value!.AsObject()))
            : [];

    private static IEnumerable<string> Required(JsonObject schema) =>
        schema["required"]?.AsArray().Select(r => (string)r!) ?? [];
}
