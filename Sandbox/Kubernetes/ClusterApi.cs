using System.Text.Json.Nodes;
using AwsMultiEni.Sandbox.Kubernetes.Apply;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// The REST semantics of one emulated cluster, independent of HTTP: create, update, patch,
/// delete and the <c>/status</c> subresource, with resourceVersion preconditions, generation
/// bookkeeping and CRDs that start or stop serving their resources.
/// </summary>
internal sealed class ClusterApi(ResourceCatalog catalog, ObjectStore store)
{
    public ResourceCatalog Catalog { get; } = catalog;

    public ObjectStore Store { get; } = store;

    public (JsonObject Object, IReadOnlyList<string> Warnings) Create(ResourceType type, string? ns, JsonObject obj, WriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ManagedFields.RecordCreate(obj, options.Manager, Store.Now);
        return Insert(type, ns, obj, options.FieldValidation);
    }

    private (JsonObject Object, IReadOnlyList<string> Warnings) Insert(ResourceType type, string? ns, JsonObject obj, string? fieldValidation)
    {
        RequireNamespace(type, ns);
        var warnings = Admission.Admit(type, ns, obj, fieldValidation);
        if (type.HasStatus && type.Schema is not null)
        {
            obj.Remove("status");
        }

        var created = Store.Create(type, obj);
        Served(type, created);
        return (created, warnings);
    }

    /// <summary>PUT: replaces the object, or only its status when <paramref name="statusOnly"/>.</summary>
    public (JsonObject Object, IReadOnlyList<string> Warnings) Replace(ResourceType type, string? ns, string name, JsonObject body, bool statusOnly, WriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> warnings = [];
        var updated = Store.Update(type, ns, name, current =>
        {
            var next = Merge(type, current, body, statusOnly);
            Record(current, next, statusOnly, options);
            warnings = Admission.Admit(type, ns, next, options.FieldValidation);
            return next;
        });
        Served(type, updated);
        return (updated, warnings);
    }

    /// <summary>PATCH of any supported type; server-side apply creates the object when it is missing.</summary>
    public (JsonObject Object, IReadOnlyList<string> Warnings) Patch(
        ResourceType type, string? ns, string name, string contentType, string body, bool statusOnly, WriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var apply = contentType.StartsWith("application/apply-patch", StringComparison.Ordinal);
        if (apply && !options.ManagerGiven)
        {
            throw new ApiError(422, "Invalid", "PATCH: fieldManager: Required value: is required for apply patch");
        }

        if (apply && !Store.Exists(type, ns, name))
        {
            var applied = Patches.ParseYaml(body);
            applied["metadata"] ??= new JsonObject();
            applied["metadata"]!["name"] ??= name;
            return Insert(type, ns, ServerSideApply.Apply(type, name, null, applied, options.Manager, options.Force, Store.Now), options.FieldValidation);
        }

        IReadOnlyList<string> warnings = [];
        var updated = Store.Update(type, ns, name, current =>
        {
            JsonObject next;
            if (apply && !statusOnly)
            {
                next = Merge(type, current, ServerSideApply.Apply(type, name, current, Patches.ParseYaml(body), options.Manager, options.Force, Store.Now), statusOnly);
            }
            else
            {
                next = Merge(type, current, apply ? Patches.MergeApplied(current, Patches.ParseYaml(body)) : Patches.Apply(contentType, current, body), statusOnly);
                Record(current, next, statusOnly, options);
            }

            warnings = Admission.Admit(type, ns, next, options.FieldValidation);
            return next;
        });
        Served(type, updated);
        return (updated, warnings);
    }

    public JsonObject Delete(ResourceType type, string? ns, string name, JsonObject? options)
    {
        var preconditions = options?["preconditions"];
        var deleted = Store.Delete(type, ns, name, (string?)preconditions?["resourceVersion"], (string?)preconditions?["uid"]);
        Served(type, deleted);
        return deleted;
    }

    /// <summary>
    /// The next state of an object from a client's version of it: server-owned metadata is kept,
    /// a stale resourceVersion is a conflict, status and spec move only through their own
    /// endpoints, and a spec change bumps <c>generation</c>.
    /// </summary>
    private static JsonObject Merge(ResourceType type, JsonObject current, JsonObject proposed, bool statusOnly)
    {
        var name = (string)current["metadata"]!["name"]!;
        var currentMetadata = current["metadata"]!.AsObject();
        var expected = (string?)proposed["metadata"]?["resourceVersion"];
        if (!string.IsNullOrEmpty(expected) && expected != (string?)currentMetadata["resourceVersion"])
        {
            throw ApiError.Conflict(type, name);
        }

        JsonObject next;
        if (statusOnly)
        {
            next = (JsonObject)current.DeepClone();
            next["status"] = proposed["status"]?.DeepClone();
            return next;
        }

        next = (JsonObject)proposed.DeepClone();
        var metadata = next["metadata"] as JsonObject ?? [];
        next["metadata"] = metadata;
        foreach (var owned in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "resourceVersion", "namespace" })
        {
            metadata[owned] = currentMetadata[owned]?.DeepClone();
            if (metadata[owned] is null)
            {
                metadata.Remove(owned);
            }
        }

        if (metadata["deletionTimestamp"] is not null && (metadata["finalizers"] as JsonArray)?.Count > (currentMetadata["finalizers"] as JsonArray)?.Count)
        {
            throw ApiError.Invalid(type, name, [new FieldError("metadata.finalizers", "FieldValueForbidden", "Forbidden: no new finalizers can be added if the object is being deleted")]);
        }

        if (type.HasStatus)
        {
            next["status"] = current["status"]?.DeepClone();
            if (next["status"] is null)
            {
                next.Remove("status");
            }
        }

        if (!JsonNode.DeepEquals(WithoutMetadataAndStatus(next), WithoutMetadataAndStatus(current)))
        {
            metadata["generation"] = ((long?)currentMetadata["generation"] ?? 0) + 1;
        }

        return next;
    }

    /// <summary>A write to the object itself moves what it changed to its manager; a status write changes no ownership here.</summary>
    private void Record(JsonObject current, JsonObject next, bool statusOnly, WriteOptions options)
    {
        if (!statusOnly)
        {
            ManagedFields.RecordUpdate(current, next, options.Manager, Store.Now);
        }
    }

    private static JsonObject WithoutMetadataAndStatus(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove("metadata");
        copy.Remove("status");
        return copy;
    }

    private void RequireNamespace(ResourceType type, string? ns)
    {
        if (type.Namespaced && !Store.Exists(BuiltInResources.Namespaces, null, ns ?? string.Empty))
        {
            throw ApiError.NotFound(BuiltInResources.Namespaces, ns ?? string.Empty);
        }
    }

    /// <summary>Keeps the catalog in step with the CRDs that exist.</summary>
    private void Served(ResourceType type, JsonObject obj)
    {
        if (type != BuiltInResources.CustomResourceDefinitions)
        {
            return;
        }

        var stillStored = Store.Exists(type, null, (string)obj["metadata"]!["name"]!);
        var dropped = stillStored ? Catalog.Register(obj) : Catalog.Unregister(obj);
        foreach (var gone in dropped)
        {
            Store.DropAll(gone);
        }
    }
}
