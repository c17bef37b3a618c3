using AwsMultiEni.Abstractions.Fleet;
using AwsMultiEni.Silo.Aws;
using AwsMultiEni.Silo.Kubernetes;

namespace AwsMultiEni.Silo.Grains.Clusters;

/// <summary>From the registration a client sends to what the Kubernetes port needs to connect.</summary>
public static class ClusterSettingsMapping
{
    public static ClusterConnectionSettings ToConnectionSettings(this ClusterRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var settings = new ClusterConnectionSettings(registration.Name)
        {
            KubeconfigPath = registration.Kubeconfig,
            KubeconfigContext = registration.KubeconfigContext,
            InCluster = registration.InCluster,
            Eks = registration.Eks is { } eks ? new EksClusterSettings(eks.ClusterName, eks.Endpoint, eks.CertificateAuthority, registration.Region, registration.Role) : null,
        };
        settings.Validate();
        if (registration.RoleArn is { } role && RoleArn.Account(role) is null)
        {
            throw new ArgumentException($"Cluster '{registration.Name}': RoleArn '{role}' is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME).");
        }

        if (registration.ExternalId is { } externalId && (registration.RoleArn is null || !RoleArn.IsExternalId(externalId)))
        {
            throw new ArgumentException(registration.RoleArn is null
                ? $"Cluster '{registration.Name}': ExternalId is given without a RoleArn to assume."
                : $"Cluster '{registration.Name}': ExternalId must be 2 to 1224 of the characters STS accepts (letters, digits and +=,.@:/-).");
        }

        return settings;
    }
}
