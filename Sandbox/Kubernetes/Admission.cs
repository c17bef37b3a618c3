using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// What the API server checks and fills in before an object is stored: type and namespace
/// consistency, the name, a custom resource's schema (defaults, pruning, validation), and a
/// CRD's own acceptance.
/// </summary>
internal static partial class Admission
{
    public static IReadOnlyList<string> Admit(ResourceType type, string? ns, JsonObject obj, string? fieldValidation)
    {
        obj["apiVersion"] ??= type.ApiVersion;
        obj["kind"] ??= type.Kind;
        if ((string?)obj["kind"] != type.Kind || (string?)obj["apiVersion"] != type.ApiVersion)
        {
            throw ApiError.BadRequest($"the API version in the data ({obj["apiVersion"]}) and kind ({obj["kind"]}) do not match the resource {type.QualifiedPlural()} ({type.ApiVersion}, {type.Kind})");
        }

        var metadata = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = metadata;
        if (type.Namespaced)
        {
            if (metadata["namespace"] is not null && (string?)metadata["namespace"] != ns)
            {
                throw ApiError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }

        var name = (string?)metadata["name"] ?? string.Empty;
        if (!Subdomain().IsMatch(name) || name.Length > 253)
        {
            throw ApiError.Invalid(type, name, [new FieldError(
                "metadata.name",
                name.Length == 0 ? "FieldValueRequired" : "FieldValueInvalid",
                name.Length == 0 ? "Required value: name or generateName is required"
                    : $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character")]);
        }

        if (type == BuiltInResources.CustomResourceDefinitions)
        {
            AcceptDefinition(type, name, obj);
        }

        // The API server's defaulting: a Secret without a type is Opaque (kubectl create secret generic sends none).
        if (type == BuiltInResources.Secrets && string.IsNullOrEmpty((string?)obj["type"]))
        {
            obj["type"] = "Opaque";
        }

        return type.Schema is null ? [] : ApplySchema(type, name, obj, fieldValidation);
    }

    private static List<string> ApplySchema(ResourceType type, string name, JsonObject obj, string? fieldValidation)
    {
        var outcome = SchemaValidator.Apply(type.Schema!, obj);
        var warnings = outcome.UnknownFields.Select(f => $"unknown field \"{f}\"").ToList();

        // Decoding comes before validation in the API server, so a strict decoding error wins.
        if (warnings.Count > 0 && string.Equals(fieldValidation, "Strict", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiError.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: {string.Join(", ", warnings)}");
        }

        if (outcome.Errors.Count > 0)
        {
            throw ApiError.Invalid(type, name, outcome.Errors);
        }

        return string.Equals(fieldValidation, "Ignore", StringComparison.OrdinalIgnoreCase) ? [] : warnings;
    }

    private static void AcceptDefinition(ResourceType type, string name, JsonObject crd)
    {
        var errors = new List<FieldError>();
        var spec = crd["spec"] as JsonObject;
        var group = (string?)spec?["group"];
        var plural = (string?)spec?["names"]?["plural"];
        if (spec is null || group is null || plural is null || spec["names"]?["kind"] is null || spec["versions"] is not JsonArray { Count: > 0 })
        {
            errors.Add(new FieldError("spec", "FieldValueRequired", "Required value: group, names.plural, names.kind and versions are required"));
        }
        else if (name != $"{plural}.{group}")
        {
            errors.Add(new FieldError("metadata.name", "FieldValueInvalid", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group"));
        }

        foreach (var rule in spec?["versions"]?.AsArray()
            .SelectMany(v => Rules(v?["schema"]?["openAPIV3Schema"])) ?? [])
        {
            if (!CelRule.IsSupported(rule))
            {
                errors.Add(new FieldError("spec.versions", "FieldValueForbidden", $"Forbidden: the emulator cannot evaluate the rule \"{rule}\""));
            }
        }

        if (errors.Count > 0)
        {
            throw ApiError.Invalid(type, name, errors);
        }

        crd["status"] = new JsonObject
        {
            ["acceptedNames"] = spec!["names"]!.DeepClone(),
            ["storedVersions"] = new JsonArray(spec["versions"]!.AsArray().Where(v => v?["storage"]?.GetValue<bool>() == true).Select(v => (JsonNode?)(string?)v!["name"]).ToArray()),
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted")),
        };
    }

    private static JsonObject Condition(string type, string reason, string message) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["reason"] = reason,
        ["message"] = message,
    };

    private static IEnumerable<string> Rules(JsonNode? schema)
    {
        if (schema is not JsonObject obj)
        {
            yield break;
        }

        foreach (var rule in obj["x-kubernetes-validations"]?.AsArray() ?? [])
        {
            yield return (string?)rule?["rule"] ?? string.Empty;
        }

        var children = (obj["properties"] as JsonObject)?.Select(p => p.Value) ?? [];
        foreach (var child in children.Append(obj["items"]).Append(obj["additionalProperties"]))
        {
            foreach (var rule in Rules(child))
            {
                yield return rule;
            }
        }
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
