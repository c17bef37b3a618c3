using System.Globalization;
using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// OpenAPI v3, one document per group version, as <c>kubectl</c> reads it: <c>kubectl explain</c>
/// finds a kind's schema by its <c>x-kubernetes-group-version-kind</c>, and <c>kubectl apply</c>
/// leaves validation to the server once a PATCH operation for the kind declares the
/// <c>fieldValidation</c> query parameter.
/// </summary>
internal static class OpenApiDocuments
{
    public static JsonObject Index(ResourceCatalog catalog)
    {
        var paths = new JsonObject();
        foreach (var groupVersion in catalog.All.Select(t => (t.Group, t.Version)).Distinct())
        {
            var path = Path(groupVersion.Group, groupVersion.Version);
            paths[path] = new JsonObject
            {
                ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={catalog.Revision.ToString(CultureInfo.InvariantCulture)}",
            };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? Document(ResourceCatalog catalog, string path)
    {
        var types = catalog.All.Where(t => Path(t.Group, t.Version) == path).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var type in types)
        {
            var schemaName = SchemaName(type);
            var prefix = type.Group.Length == 0 ? $"/api/{type.Version}" : $"/apis/{type.Group}/{type.Version}";
            var collection = type.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{type.Plural}" : $"{prefix}/{type.Plural}";
            paths[$"{collection}/{{name}}"] = new JsonObject
            {
                ["get"] = Operation(type, schemaName, "read", withFieldValidation: false),
                ["put"] = Operation(type, schemaName, "replace", withFieldValidation: true),
                ["patch"] = Operation(type, schemaName, "patch", withFieldValidation: true),
                ["delete"] = Operation(type, schemaName, "delete", withFieldValidation: false),
            };
            paths[collection] = new JsonObject
            {
                ["post"] = Operation(type, schemaName, "create", withFieldValidation: true),
            };

            var schema = type.Schema?.DeepClone().AsObject() ?? new JsonObject
            {
                ["type"] = "object",
                ["description"] = $"{type.Kind} is a built-in resource of the emulated cluster.",
                ["x-kubernetes-preserve-unknown-fields"] = true,
            };
            schema["x-kubernetes-group-version-kind"] = new JsonArray(Gvk(type));
            schemas[schemaName] = schema;
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static string Path(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private static string SchemaName(ResourceType type)
    {
        var reversedGroup = type.Group.Length == 0 ? "io.k8s.api.core" : string.Join('.', type.Group.Split('.').Reverse());
        return $"{reversedGroup}.{type.Version}.{type.Kind}";
    }

    private static JsonObject Gvk(ResourceType type) => new()
    {
        ["group"] = type.Group,
        ["version"] = type.Version,
        ["kind"] = type.Kind,
    };

    private static JsonObject Operation(ResourceType type, string schemaName, string action, bool withFieldValidation)
    {
        var parameters = new JsonArray();
        if (withFieldValidation)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = "fieldValidation",
                ["in"] = "query",
                ["description"] = "Ignore, Warn or Strict handling of unknown and duplicate fields.",
                ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
            });
        }

        return new JsonObject
        {
            ["operationId"] = $"{action}{type.Kind}",
            ["parameters"] = parameters,
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject
                    {
                        ["application/json"] = new JsonObject
                        {
                            ["schema"] = new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" },
                        },
                    },
                },
            },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = Gvk(type),
        };
    }
}
