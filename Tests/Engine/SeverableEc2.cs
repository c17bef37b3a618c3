using Amazon;
using Amazon.EC2;
using Amazon.Runtime;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// One silo's EC2 client, whose wire can be cut: once <see cref="Sever"/> is called no request leaves and no
/// answer arrives, as for a process that died. An in-process killed silo can otherwise carry on as a zombie
/// (its timers still ticking) and reach EC2, which a dead process never does.
/// </summary>
internal sealed class SeverableEc2
{
    private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _severed;

    public void Sever() => _severed = true;

    public AmazonEC2Client Client(Uri url, string region)
    {
        AWSConfigs.InitializeCollections = true;
        return new AmazonEC2Client(
            new BasicAWSCredentials("test", "test"),
            new AmazonEC2Config { ServiceURL = url.ToString(), AuthenticationRegion = region, MaxErrorRetry = 0, HttpClientFactory = new Factory(this) });
    }

    private async Task<HttpResponseMessage> GuardAsync(Func<Task<HttpResponseMessage>> send)
    {
        if (_severed)
        {
            await _never.Task;
        }

        var response = await send();
        if (_severed)
        {
            response.Dispose();
            await _never.Task;
        }

        return response;
    }

    private sealed class Factory(SeverableEc2 wire) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(wire));
    }

    private sealed class Handler(SeverableEc2 wire) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            wire.GuardAsync(() => base.SendAsync(request, cancellationToken));
    }
}
