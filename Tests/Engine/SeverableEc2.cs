using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using AwsMultiEni.Tests.Aws;

namespace AwsMultiEni.Tests.Engine;

/// <summary>
/// One silo's EC2 client, whose wire can be cut: from <see cref="Sever"/> on, no request leaves and no answer arrives,
/// as when the peer is gone. A call then waits until its caller gives up, which a dying silo does at once: its stopping
/// token cancels every call in flight, so that its activations can deactivate. <see cref="Hanging"/> shows whether
/// the silo did.
/// </summary>
internal sealed class SeverableEc2 : IDisposable
{
    private readonly CancellationTokenSource _severed = new();
    private readonly List<AmazonEC2Client> _clients = [];
    private int _hanging;
    private int _attemptsAfterSevered;

    /// <summary>Calls waiting on the cut wire right now.</summary>
    public int Hanging => Volatile.Read(ref _hanging);

    /// <summary>Calls that reached the wire after it was cut.</summary>
    public int AttemptsAfterSevered => Volatile.Read(ref _attemptsAfterSevered);

    public void Sever() => _severed.Cancel();

    public AmazonEC2Client Client(Uri url, string region)
    {
        AWSConfigs.InitializeCollections = true;
        var client = new AmazonEC2Client(
            Ec2TestClients.Credentials(Ec2TestClients.FleetAccessKeyId),
            new AmazonEC2Config { ServiceURL = url.ToString(), AuthenticationRegion = region, MaxErrorRetry = 0, HttpClientFactory = new Factory(this) });
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    public void Dispose()
    {
        lock (_clients)
        {
            _clients.ForEach(c => c.Dispose());
            _clients.Clear();
        }

        _severed.Dispose();
    }

    private async Task<HttpResponseMessage> SendAsync(Func<CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        if (!_severed.IsCancellationRequested)
        {
            var response = await send(cancellationToken);
            if (!_severed.IsCancellationRequested)
            {
                return response;
            }

            response.Dispose();
        }
        else
        {
            Interlocked.Increment(ref _attemptsAfterSevered);
        }

        Interlocked.Increment(ref _hanging);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("An infinite wait ended.");
        }
        finally
        {
            Interlocked.Decrement(ref _hanging);
        }
    }

    private sealed class Factory(SeverableEc2 wire) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(wire));
    }

    private sealed class Handler(SeverableEc2 wire) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            wire.SendAsync(token => base.SendAsync(request, token), cancellationToken);
    }
}
