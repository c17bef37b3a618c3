using System.Globalization;
using System.Text.Json.Nodes;
using AwsMultiEni.Sandbox.Kubernetes.Access;
using AwsMultiEni.Sandbox.Kubernetes.Protobuf;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>The HTTP face of one emulated cluster: discovery, OpenAPI and the resource endpoints.</summary>
internal static class ApiRoutes
{
    public static void Map(WebApplication app, EmulatedCluster cluster)
    {
        var api = cluster.Api;
        app.Use(InternalErrorsAsStatus);
        app.MapGet("/version", () => Json(DiscoveryDocuments.Version()));
        foreach (var probe in new[] { "/healthz", "/readyz", "/livez" })
        {
            app.MapGet(probe, () => Results.Text("ok"));
        }

        app.MapGet("/api", (HttpContext context) => Json(DiscoveryDocuments.CoreVersions(context.Request.Host.Value ?? "127.0.0.1")));
        app.MapGet("/apis", () => Json(DiscoveryDocuments.Groups(api.Catalog)));
        app.MapGet("/_emulator/denials", () => Results.Json(cluster.Denials));
        app.MapGet("/openapi/v3", () => Json(OpenApiDocuments.Index(api.Catalog)));
        app.MapGet("/openapi/v3/{**path}", (string path) => JsonOrNotFound(OpenApiDocuments.Document(api.Catalog, path)));
        app.Map("/api/{**rest}", context => ServeAsync(context, cluster));
        app.Map("/apis/{**rest}", context => ServeAsync(context, cluster));
    }

    private static async Task ServeAsync(HttpContext context, EmulatedCluster cluster)
    {
        cluster.RecordAuthorization(context.Request.Headers.Authorization.ToString());
        try
        {
            var identity = cluster.Authenticator.Authenticate(context.Connection.LocalPort);
            if (Discovery(context.Request.Path.Value ?? string.Empty, cluster.Api.Catalog) is { } document)
            {
                await WriteJsonAsync(context.Response, document);
                return;
            }

            var path = ResourcePath.Parse(context.Request.Path.Value ?? string.Empty)
                ?? throw NotFound();
            var type = cluster.Api.Catalog.Find(path.Group, path.Version, path.Plural)
                ?? throw new ApiError(404, "NotFound", $"the server could not find the requested resource ({path.Plural})");
            var tokenRequest = path.Subresource == "token" && type == BuiltInResources.ServiceAccounts && path.Name is not null;
            if (path.Subresource is not null && !tokenRequest && (path.Subresource != "status" || !type.HasStatus))
            {
                throw new ApiError(404, "NotFound", $"the server could not find the requested resource ({path.Plural}/{path.Subresource})");
            }

            if (AccessReviews.IsReview(type))
            {
                await ReviewAsync(context, cluster, type, identity);
                return;
            }

            var watch = context.Request.Query["watch"] is var w && (w == "true" || w == "1");
            var request = new RequestAttributes(
                RequestAttributes.VerbOf(context.Request.Method, path.Name is not null, watch), path.Group, path.Plural, path.Subresource, type.Namespaced ? path.Namespace : null, path.Name);
            if (!cluster.Authorizer.Allows(identity, request))
            {
                var forbidden = RbacAuthorizer.Forbidden(identity, request);
                cluster.RecordDenial(forbidden.Message);
                throw forbidden;
            }

            if (tokenRequest || type == ServiceAccountTokens.TokenReviews)
            {
                await TokensAsync(context, cluster, path, tokenRequest);
                return;
            }

            await DispatchAsync(context, cluster, type, path);
        }
        catch (ApiError error)
        {
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = error.Code;
                await WriteJsonAsync(context.Response, error.ToStatus());
            }
        }
    }

    /// <summary>A bug in the emulator answers 500 with a <c>Status</c> that says what broke, as clients expect.</summary>
    private static async Task InternalErrorsAsStatus(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
        {
            context.Response.StatusCode = 500;
            await WriteJsonAsync(context.Response, new ApiError(500, "InternalError", $"an error on the server has prevented the request from succeeding: {ex}").ToStatus());
        }
    }

    /// <summary>The per-group and per-group-version discovery documents, which share their prefix with resource URLs.</summary>
    private static JsonObject? Discovery(string path, ResourceCatalog catalog)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts switch
        {
            ["api", var version] => DiscoveryDocuments.Resources(catalog, "", version) ?? throw NotFound(),
            ["apis", var group] => DiscoveryDocuments.Group(catalog, group) ?? throw NotFound(),
            ["apis", var group, var version] => DiscoveryDocuments.Resources(catalog, group, version) ?? throw NotFound(),
            _ => null,
        };
    }

    private static ApiError NotFound() => new(404, "NotFound", "the server could not find the requested resource");

    private static async Task DispatchAsync(HttpContext context, EmulatedCluster cluster, ResourceType type, ResourcePath path)
    {
        var api = cluster.Api;
        var query = context.Request.Query;
        var ns = type.Namespaced ? path.Namespace : null;
        var options = WriteOptions.From(query["fieldManager"], context.Request.Headers.UserAgent, query["fieldValidation"], query["force"] == "true");
        var statusOnly = path.Subresource == "status";
        var method = context.Request.Method;
        if (path.Name is null)
        {
            var filter = Selectors.Parse(query["labelSelector"], query["fieldSelector"]);
            switch (method)
            {
                case "GET" when query["watch"] is var w && (w == "true" || w == "1"):
                    await WatchAsync(context, cluster, type, ns, filter);
                    return;
                case "GET":
                    var paging = ListOptions.From(query);
                    var page = api.Store.List(type, ns, filter, paging);
                    cluster.RecordList(new ServedList(type.Plural, paging.Limit, paging.Continue is not null, page.Items.Count));
                    await WriteJsonAsync(context.Response, TableConverter.Wanted(context.Request.Headers.Accept)
                        ? TableConverter.Convert(type, page, cluster.Clock.GetUtcNow(), query["includeObject"])
                        : ListOf(type, page));
                    return;
                case "POST":
                    var body = await ReadObjectAsync(context);
                    var (created, warnings) = api.Create(type, ns, body, options);
                    await WriteResultAsync(context, 201, created, warnings);
                    return;
            }
        }
        else
        {
            switch (method)
            {
                case "GET":
                    var obj = api.Store.Get(type, ns, path.Name);
                    await WriteJsonAsync(context.Response, TableConverter.Wanted(context.Request.Headers.Accept)
                        ? TableConverter.Convert(type, new ListPage([obj], long.Parse((string)obj["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture)), cluster.Clock.GetUtcNow(), query["includeObject"])
                        : obj);
                    return;
                case "PUT":
                    var (replaced, putWarnings) = api.Replace(type, ns, path.Name, await ReadObjectAsync(context), statusOnly, options);
                    await WriteResultAsync(context, 200, replaced, putWarnings);
                    return;
                case "PATCH":
                    var contentType = (context.Request.ContentType ?? string.Empty).Split(';')[0].Trim();
                    var existed = api.Store.Exists(type, ns, path.Name);
                    var (patched, patchWarnings) = api.Patch(type, ns, path.Name, contentType, await ReadBodyAsync(context), statusOnly, options);
                    await WriteResultAsync(context, existed ? 200 : 201, patched, patchWarnings);
                    return;
                case "DELETE":
                    var deleted = api.Delete(type, ns, path.Name, await ReadOptionalObjectAsync(context));
                    await WriteJsonAsync(context.Response, deleted);
                    return;
            }
        }

        throw new ApiError(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({method})");
    }

    /// <summary>A review is created, never stored: the answer is the review with its status.</summary>
    private static async Task ReviewAsync(HttpContext context, EmulatedCluster cluster, ResourceType type, Identity identity)
    {
        if (context.Request.Method != "POST")
        {
            throw new ApiError(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({context.Request.Method})");
        }

        context.Response.StatusCode = 201;
        await WriteJsonAsync(context.Response, AccessReviews.Answer(type, await ReadObjectAsync(context), identity, cluster.Authorizer));
    }

    /// <summary>A TokenRequest or a TokenReview: created, never stored, answered with its status.</summary>
    private static async Task TokensAsync(HttpContext context, EmulatedCluster cluster, ResourcePath path, bool tokenRequest)
    {
        if (context.Request.Method != "POST")
        {
            throw new ApiError(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({context.Request.Method})");
        }

        var body = await ReadObjectAsync(context);
        context.Response.StatusCode = 201;
        await WriteJsonAsync(context.Response, tokenRequest ? cluster.Tokens.Request(path.Namespace!, path.Name!, body) : cluster.Tokens.Review(body));
    }

    private static async Task WatchAsync(HttpContext context, EmulatedCluster cluster, ResourceType type, string? ns, Func<JsonObject, bool> filter)
    {
        if (cluster.RefusingWatches)
        {
            throw new ApiError(503, "ServiceUnavailable", "the emulated API server is not accepting watches right now");
        }

        var query = context.Request.Query;
        string? version = query["resourceVersion"];
        long? from = string.IsNullOrEmpty(version) || version == "0"
            ? null
            : long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw ApiError.BadRequest($"invalid resourceVersion \"{version}\"");
        TimeSpan? timeout = int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
        var request = new WatchRequest(from, query["allowWatchBookmarks"] == "true", timeout, cluster.BookmarkInterval);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, cluster.Stopping);
        await WatchStream.RunAsync(context.Response, cluster.Api.Store, type, ns, filter, request, stop.Token);
    }

    private static JsonObject ListOf(ResourceType type, ListPage page) => new()
    {
        ["kind"] = $"{type.Kind}List",
        ["apiVersion"] = type.ApiVersion,
        ["metadata"] = page.Metadata(),
        ["items"] = new JsonArray(page.Items.Select(i =>
        {
            i["apiVersion"] ??= type.ApiVersion;
            i["kind"] ??= type.Kind;
            return (JsonNode)i;
        }).ToArray()),
    };

    private static async Task WriteResultAsync(HttpContext context, int code, JsonObject obj, IReadOnlyList<string> warnings)
    {
        foreach (var warning in warnings)
        {
            context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        context.Response.StatusCode = code;
        await WriteJsonAsync(context.Response, obj);
    }

    /// <summary>An object sent as JSON, or as protobuf the way kubectl's and helm's typed clients send built-in kinds.</summary>
    private static async Task<JsonObject> ReadObjectAsync(HttpContext context) =>
        await ReadOptionalObjectAsync(context) ?? throw ApiError.BadRequest("the request body is empty");

    private static async Task<JsonObject?> ReadOptionalObjectAsync(HttpContext context)
    {
        using var buffer = await ReadLimitedAsync(context);
        if (buffer.Length == 0)
        {
            return null;
        }

        var mediaType = (context.Request.ContentType ?? string.Empty).Split(';')[0].Trim();
        return mediaType == KubeProtobuf.MediaType
            ? KubeProtobuf.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))
            : Patches.Parse(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var buffer = await ReadLimitedAsync(context);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The API server's limit on a write's body (3 MiB), refused with 413 before it is parsed.</summary>
    private static async Task<MemoryStream> ReadLimitedAsync(HttpContext context)
    {
        const int limit = 3 * 1024 * 1024;
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                await buffer.DisposeAsync();
                throw new ApiError(413, "RequestEntityTooLarge", $"Request entity too large: limit is {limit}");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer;
    }

    private static Task WriteJsonAsync(HttpResponse response, JsonObject obj)
    {
        response.ContentType = "application/json";
        return response.WriteAsync(obj.ToJsonString());
    }

    private static IResult Json(JsonObject obj) => Results.Text(obj.ToJsonString(), "application/json");

    private static IResult JsonOrNotFound(JsonObject? obj) => obj is null
        ? Results.Text(NotFound().ToStatus().ToJsonString(), "application/json", statusCode: 404)
        : Json(obj);
}
