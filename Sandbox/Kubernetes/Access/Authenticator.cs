namespace AwsMultiEni.Sandbox.Kubernetes.Access;

/// <summary>
/// Who a request is, from the endpoint it arrived at: each identity's kubeconfig points at an endpoint of its own.
/// kubectl (client-go) sends no bearer token over plain HTTP, so a token cannot tell identities apart here; the
/// endpoint can. The admin endpoint takes any token, EKS ones (<c>k8s-aws-v1.…</c>) included: the emulator cannot
/// ask STS who signed them.
/// </summary>
internal sealed class Authenticator
{
    private readonly Dictionary<int, Identity> _byPort = [];

    /// <summary>Serves <paramref name="identity"/> to requests that arrive at <paramref name="port"/>.</summary>
    public void Listen(int port, Identity identity) => _byPort[port] = identity;

    public Identity Authenticate(int localPort) =>
        _byPort.TryGetValue(localPort, out var identity) ? identity : throw new ApiError(401, "Unauthorized", "Unauthorized");
}
