using System.Globalization;
using System.Text.Json.Nodes;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// Writes one watch as the API server does: newline-delimited <c>{"type","object"}</c> events
/// over a chunked response, BOOKMARKs while idle when asked for, and an ERROR event carrying a
/// 410 <c>Status</c> when the requested resourceVersion was compacted away.
/// </summary>
internal static class WatchStream
{
    public static async Task RunAsync(HttpResponse response, ObjectStore store, ResourceType type, string? ns, Func<JsonObject, bool> filter, WatchRequest request, CancellationToken cancellation)
    {
        var (subscription, initial, startVersion) = store.Watch(type, ns, filter, request.FromVersion);
        response.ContentType = "application/json";
        await response.StartAsync(cancellation);
        if (subscription is null)
        {
            var gone = ApiError.Gone($"too old resource version: {request.FromVersion} ({startVersion})");
            await WriteAsync(response, "ERROR", gone.ToStatus(), cancellation);
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (request.Timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        try
        {
            var lastVersion = startVersion;
            foreach (var obj in initial)
            {
                await WriteAsync(response, "ADDED", obj, timeout.Token);
            }

            while (!timeout.IsCancellationRequested)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
                idle.CancelAfter(request.BookmarkInterval);
                bool more;
                try
                {
                    more = await subscription.Changes.WaitToReadAsync(idle.Token);
                }
                catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
                {
                    if (request.Bookmarks && !subscription.Silenced)
                    {
                        await WriteAsync(response, "BOOKMARK", Bookmark(type, lastVersion), timeout.Token);
                    }

                    continue;
                }

                if (!more)
                {
                    return;
                }

                while (subscription.Changes.TryRead(out var change))
                {
                    await WriteAsync(response, change.Type, change.Object, timeout.Token);
                    lastVersion = change.ResourceVersion;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // The client went away or the watch's timeoutSeconds ran out: both end the stream normally.
        }
        finally
        {
            store.Unsubscribe(subscription);
        }
    }

    private static JsonObject Bookmark(ResourceType type, long version) => new()
    {
        ["kind"] = type.Kind,
        ["apiVersion"] = type.ApiVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) },
    };

    private static async Task WriteAsync(HttpResponse response, string type, JsonObject obj, CancellationToken cancellation)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString() + "\n";
        await response.WriteAsync(line, cancellation);
        await response.Body.FlushAsync(cancellation);
    }
}

/// <summary>The watch parameters of a list request.</summary>
internal sealed record WatchRequest(long? FromVersion, bool Bookmarks, TimeSpan? Timeout, TimeSpan BookmarkInterval);
