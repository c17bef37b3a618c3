namespace AwsMultiEni.Silo.Kubernetes;

/// <summary>The AWS <c>spec.providerID</c> of a Node: <c>aws:///&lt;az&gt;/&lt;instance-id&gt;</c>.</summary>
public static class ProviderId
{
    public static (string? AvailabilityZone, string? InstanceId) Parse(string? providerId)
    {
        if (providerId is null || !providerId.StartsWith("aws://", StringComparison.Ordinal))
        {
            return (null, null);
        }

        var parts = providerId["aws://".Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var instance = parts.Length > 0 && parts[^1].StartsWith("i-", StringComparison.Ordinal) ? parts[^1] : null;
        var zone = instance is not null && parts.Length > 1 ? parts[^2] : null;
        return (zone, instance);
    }
}
