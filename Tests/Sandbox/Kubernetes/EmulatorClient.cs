using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace AwsMultiEni.Tests.Sandbox.Kubernetes;

/// <summary>Raw HTTP against one emulated cluster, to check the API's wire behaviour itself.</summary>
internal sealed class EmulatorClient(Uri baseUrl) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUrl };

    public async Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonNode.Parse(text) as JsonObject ?? []);
    }

    public async Task<JsonObject> OkAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        var (code, json) = await SendAsync(method, path, body, contentType);
        Assert.True(code is HttpStatusCode.OK or HttpStatusCode.Created, $"{method} {path}: {(int)code} {json.ToJsonString()}");
        return json;
    }

    /// <summary>Reads a watch stream line by line until <paramref name="enough"/> says stop.</summary>
    public async Task<List<JsonObject>> WatchAsync(string path, Func<List<JsonObject>, bool> enough)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var events = new List<JsonObject>();
        while (!enough(events) && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            events.Add(JsonNode.Parse(line)!.AsObject());
        }

        return events;
    }

    public void Dispose() => _http.Dispose();
}
