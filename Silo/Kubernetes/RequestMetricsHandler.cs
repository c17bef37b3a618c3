using System.Globalization;

namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>Counts every API request of one cluster by verb (WATCH for watch requests) and response code.</summary>
internal sealed class RequestMetricsHandler(string cluster, KubernetesMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var verb = request.RequestUri?.Query.Contains("watch=true", StringComparison.Ordinal) == true ? "WATCH" : request.Method.Method;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            metrics.Request(cluster, verb, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            return response;
        }
        catch (HttpRequestException)
        {
            metrics.Request(cluster, verb, "<error>");
            throw;
        }
    }
}
